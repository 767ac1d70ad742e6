// swift-tools-version: 6.0
// dxkit — dialogue post-production tools. GPL-3.0-or-later (links FFTW; see LICENSE).
//
// Modules form a ladder; dependencies only point down, so a tool links only the C
// libraries it really uses (a timecode or EDL tool links none):
//
//   DXTimecode            pure Swift: rates, SMPTE timecode, samples
//   DXEditModel           pure Swift: timeline / track / event model, canonical JSON, text
//                         tables, phase timings (DXCUES_PROFILE)
//   DXEDL                 pure Swift: CMX 3600 reader and writer
//   DXAAF                 pure Swift: AAF reader (compound file, objects, edit model), essence
//   DXXML   (libxml2)     the one place libxml2 is called, with a safe parse policy;
//                         libxml2 is opened at the first parse (CLibXML2), not linked
//   DXConformXML          FCP7 xmeml and FCPXML readers
//   DXConformLists        format detection over all conform-list readers
//   DXConformDiff         re-conform: the change list between two cuts
//   DXConformMedia        production-audio records, matching events to files, rendering
//   DXMediaIndex (GRDB)   the SQLite media index; the only conform module importing GRDB
//   DXAudio (libsndfile)  WAV/BWF/RF64/AIFF/FLAC files, bext and iXML metadata (libsndfile
//                         opened at the first file DXAudio does not read itself, by CSndFile)
//   DXSignal (FFTW, soxr) FFT plans, STFT, mel features, resampling (libsoxr opened at the
//                         first resampler by CSoxr, not linked)
//   DXAlign               ADR take → guide alignment (DXAudio, DXSignal; CVectorKernels: its
//                         AVX loops, chosen at run time)
//   DXWarp                ADR take → guide time map (DTW, flags for words in one signal only)
//   DXStretch (Rubber Band)  a take rendered along its warp map; librubberband (GPL-2+) is
//                         opened at the first stretch by CRubberBand, not linked
//   DXDenoise             dialogue noise reduction (DXAudio, DXSignal, DXNeural)
//   DXNeural  (OpenBLAS)  DeepFilterNet3 inference (DXSignal for the STFT); weights in Resources/dfn3;
//                         the one place OpenBLAS is called, opened at the first network by
//                         COpenBLAS (not linked), Swift SIMD when it is missing
//   DXCueImport           pure Swift: Pro Tools session text, marker lists, CSV → spotted cues
//   DXCueStore (GRDB)     the ADR cue database (SQLite, WAL); the cue tool's only module importing GRDB
//   DXCueReports (cairo)  cue sheets as CSV, JSON, HTML, PDF (pango/cairo); marker exports
//   DXCLI   (ArgumentParser)  exit codes, diagnostics, --json, progress
//   DXAudioCLI            audio-file errors → exit statuses, for the tools that link DXAudio
//   dx-conform, dx-align, dx-denoise, dx-cues   thin executables
import PackageDescription

let package = Package(
    name: "dxkit",
    products: [
        .executable(name: "dx-conform", targets: ["dx-conform"]),
        .executable(name: "dx-align", targets: ["dx-align"]),
        .executable(name: "dx-denoise", targets: ["dx-denoise"]),
        .executable(name: "dx-cues", targets: ["dx-cues"]),
        .library(name: "DXTimecode", targets: ["DXTimecode"]),
        .library(name: "DXEditModel", targets: ["DXEditModel"]),
        .library(name: "DXEDL", targets: ["DXEDL"]),
        .library(name: "DXConformLists", targets: ["DXConformLists"]),
    ],
    // Exact versions: the tools ship, so a build must resolve the same packages
    // everywhere. Package.resolved is not committed because the build machines serve
    // these packages from local mirrors whose commit ids differ from GitHub's (a
    // resolved file from one would fail on the other); `exact:` pins the same thing.
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "pangocairo", providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),

        // libxml2's, libsoxr's and Rubber Band's headers (libxml2-dev, libsoxr-dev,
        // librubberband-dev) with loaders that open the library at its first use; none is
        // linked, so no tool pays at every start-up for loading libxml2 with ICU, libsoxr
        // with OpenMP, or Rubber Band with its FFT and C++ runtime, when the run needs none.
        .target(name: "CLazyLoad"),
        .target(name: "CMallocTuning"),
        // AVX inner loops chosen at run time (the tools are built for plain x86-64).
        .target(name: "CVectorKernels"),
        .target(name: "CLibXML2", dependencies: ["CLazyLoad"]),
        .target(name: "CSoxr", dependencies: ["CLazyLoad"]),
        .target(name: "CSndFile", dependencies: ["CLazyLoad"]),
        .target(name: "COpenBLAS", dependencies: ["CLazyLoad"]),
        .target(name: "CRubberBand", dependencies: ["CLazyLoad"]),

        .target(name: "DXTimecode"),
        .target(name: "DXEditModel", dependencies: ["DXTimecode"]),
        .target(name: "DXEDL", dependencies: ["DXTimecode", "DXEditModel"]),
        .target(name: "DXAAF", dependencies: ["DXTimecode", "DXEditModel"]),
        .target(name: "DXXML", dependencies: ["CLibXML2"]),
        .target(name: "DXConformXML", dependencies: ["DXTimecode", "DXEditModel", "DXXML"]),
        .target(name: "DXConformLists", dependencies: ["DXEDL", "DXConformXML", "DXAAF"]),
        .target(name: "DXConformDiff", dependencies: ["DXTimecode", "DXEditModel", "DXEDL"]),
        .target(name: "DXConformMedia", dependencies: ["DXTimecode", "DXEditModel", "DXEDL", "DXAudio"]),
        .target(name: "DXMediaIndex", dependencies: [
            "DXConformMedia", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "DXAudio", dependencies: ["DXTimecode", "DXXML", "CSndFile"]),
        .target(name: "DXSignal", dependencies: ["CFFTW", "CSoxr"]),
        .target(name: "DXAlign", dependencies: ["DXTimecode", "DXEditModel", "DXAudio", "DXSignal", "CVectorKernels"]),
        .target(name: "DXWarp", dependencies: ["DXSignal", "DXEditModel"]),
        .target(name: "DXStretch", dependencies: ["DXWarp", "DXAudio", "DXSignal", "CRubberBand"]),
        .target(name: "DXDenoise", dependencies: ["DXTimecode", "DXEditModel", "DXAudio", "DXSignal", "DXNeural"]),
        .target(name: "DXNeural", dependencies: ["DXSignal", "COpenBLAS"]),
        .target(name: "DXCueImport", dependencies: ["DXTimecode", "DXEditModel"]),
        .target(name: "DXCueStore", dependencies: [
            "DXTimecode", "DXEditModel", "DXCueImport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "DXCueReports", dependencies: ["DXTimecode", "DXEditModel", "DXCueStore", "CCairo"]),
        .target(name: "DXCLI", dependencies: [
            "DXTimecode", "DXEditModel",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .target(name: "DXAudioCLI", dependencies: ["DXAudio", "DXCLI"]),

        .executableTarget(name: "dx-conform", dependencies: [
            "DXConformLists", "DXAAF", "DXConformDiff", "DXConformMedia", "DXMediaIndex", "DXEDL",
            "DXAudio", "DXAudioCLI", "DXTimecode", "DXEditModel", "DXCLI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "dx-align", dependencies: [
            "DXAlign", "DXWarp", "DXStretch", "DXAudio", "DXAudioCLI", "DXSignal", "DXTimecode", "DXEditModel", "DXCLI", "CMallocTuning",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "dx-denoise", dependencies: [
            "DXDenoise", "DXNeural", "DXAudio", "DXAudioCLI", "DXTimecode", "DXEditModel", "DXCLI", "CMallocTuning",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "dx-cues", dependencies: [
            "DXCueImport", "DXCueStore", "DXCueReports", "DXTimecode", "DXEditModel", "DXCLI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "DXTimecodeTests", dependencies: ["DXTimecode", "TestSupport"]),
        .testTarget(name: "DXAAFTests", dependencies: ["DXAAF", "DXEditModel", "DXTimecode", "TestSupport"]),
        .testTarget(name: "DXEDLTests", dependencies: ["DXEDL", "DXConformLists", "TestSupport"]),
        .testTarget(name: "DXConformXMLTests", dependencies: ["DXConformXML", "DXXML", "DXEDL", "TestSupport"]),
        .testTarget(name: "DXCLITests", dependencies: [
            "DXCLI", "DXEditModel", "DXTimecode", "TestSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "DXConformDiffTests", dependencies: ["DXConformDiff", "DXConformLists", "TestSupport"]),
        .testTarget(name: "DXConformMediaTests", dependencies: [
            "DXConformMedia", "DXMediaIndex", "DXAudio", "DXEDL", "TestSupport",
            // The index tests lock the file and write foreign databases beside dx-conform.
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "DXAudioTests", dependencies: ["DXAudio", "TestSupport"]),
        .testTarget(name: "DXSignalTests", dependencies: ["DXSignal", "TestSupport"]),
        .testTarget(name: "DXAlignTests", dependencies: [
            "DXAlign", "DXAudio", "DXSignal", "DXStretch", "DXWarp", "DXEditModel", "TestSupport",
        ]),
        .testTarget(name: "DXWarpTests", dependencies: ["DXWarp", "TestSupport"]),
        .testTarget(name: "DXCueImportTests", dependencies: ["DXCueImport", "TestSupport"]),
        .testTarget(name: "DXCueStoreTests", dependencies: ["DXCueStore", "DXCueImport", "TestSupport"]),
        .testTarget(name: "DXCueReportsTests", dependencies: ["DXCueReports", "DXCueStore", "DXCueImport", "CCairo", "TestSupport"]),
        .testTarget(name: "DXStretchTests", dependencies: ["DXStretch", "DXWarp", "DXAudio", "TestSupport"]),
        .testTarget(name: "DXDenoiseTests", dependencies: ["DXDenoise", "DXAudio", "DXSignal", "TestSupport"]),
        .testTarget(name: "DXNeuralTests", dependencies: ["DXNeural", "DXSignal", "TestSupport"]),
    ]
)
