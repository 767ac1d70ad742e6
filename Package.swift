// swift-tools-version: 6.0
// dxkit — dialogue post-production tools. GPL-3.0-or-later (links FFTW; see LICENSE).
//
// Modules form a ladder; dependencies only point down, so a tool links only the C
// libraries it really uses (a timecode or EDL tool links none):
//
//   DXTimecode            pure Swift: rates, SMPTE timecode, samples
//   DXEditModel           pure Swift: timeline / track / event model, canonical JSON
//   DXEDL                 pure Swift: CMX 3600 reader and writer
//   DXXML   (libxml2)     the one place libxml2 is called, with a safe parse policy
//   DXConformXML          FCP7 xmeml and FCPXML readers
//   DXConformLists        format detection over all conform-list readers
//   DXAudio (libsndfile)  WAV/BWF/RF64/AIFF/FLAC files, bext and iXML metadata
//   DXSignal (FFTW, soxr) FFT plans, STFT, mel features, resampling
//   DXAlign               ADR take → guide alignment (DXAudio, DXSignal)
//   DXDenoise             dialogue noise reduction (DXAudio, DXSignal)
//   DXCLI   (ArgumentParser)  exit codes, diagnostics, --json, progress
//   dx-conform, dx-align, dx-denoise   thin executables
import PackageDescription

let package = Package(
    name: "dxkit",
    products: [
        .executable(name: "dx-conform", targets: ["dx-conform"]),
        .executable(name: "dx-align", targets: ["dx-align"]),
        .executable(name: "dx-denoise", targets: ["dx-denoise"]),
        .library(name: "DXTimecode", targets: ["DXTimecode"]),
        .library(name: "DXEditModel", targets: ["DXEditModel"]),
        .library(name: "DXEDL", targets: ["DXEDL"]),
        .library(name: "DXConformLists", targets: ["DXConformLists"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CSndFile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CSoxr", pkgConfig: "soxr", providers: [.apt(["libsoxr-dev"])]),

        .target(name: "DXTimecode"),
        .target(name: "DXEditModel", dependencies: ["DXTimecode"]),
        .target(name: "DXEDL", dependencies: ["DXTimecode", "DXEditModel"]),
        .target(name: "DXXML", dependencies: ["CLibXML2"]),
        .target(name: "DXConformXML", dependencies: ["DXTimecode", "DXEditModel", "DXXML"]),
        .target(name: "DXConformLists", dependencies: ["DXEDL", "DXConformXML"]),
        .target(name: "DXAudio", dependencies: ["DXTimecode", "DXXML", "CSndFile"]),
        .target(name: "DXSignal", dependencies: ["CFFTW", "CSoxr"]),
        .target(name: "DXAlign", dependencies: ["DXTimecode", "DXAudio", "DXSignal"]),
        .target(name: "DXDenoise", dependencies: ["DXTimecode", "DXAudio", "DXSignal"]),
        .target(name: "DXCLI", dependencies: [
            "DXEditModel",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .executableTarget(name: "dx-conform", dependencies: [
            "DXConformLists", "DXCLI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "dx-align", dependencies: [
            "DXAlign", "DXAudio", "DXSignal", "DXTimecode", "DXEditModel", "DXCLI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "dx-denoise", dependencies: [
            "DXDenoise", "DXCLI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "DXTimecodeTests", dependencies: ["DXTimecode", "TestSupport"]),
        .testTarget(name: "DXEDLTests", dependencies: ["DXEDL", "DXConformLists", "TestSupport"]),
        .testTarget(name: "DXConformXMLTests", dependencies: ["DXConformXML", "DXXML", "TestSupport"]),
        .testTarget(name: "DXCLITests", dependencies: ["TestSupport"]),
        .testTarget(name: "DXAudioTests", dependencies: ["DXAudio", "TestSupport"]),
        .testTarget(name: "DXSignalTests", dependencies: ["DXSignal", "TestSupport"]),
        .testTarget(name: "DXAlignTests", dependencies: ["DXAlign", "DXAudio", "DXSignal", "TestSupport"]),
        .testTarget(name: "DXDenoiseTests", dependencies: ["DXDenoise", "DXAudio", "DXSignal", "TestSupport"]),
    ]
)
