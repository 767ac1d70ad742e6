#!/usr/bin/env bash
# Builds the libFuzzer targets fuzz-out/fuzz-edl, fuzz-out/fuzz-xml, fuzz-out/fuzz-cues,
# fuzz-out/fuzz-aaf-cfb, fuzz-out/fuzz-aaf-objects and fuzz-out/fuzz-audio.
#
#   Fuzz/build.sh [edl] [xml] [cues] [aaf-cfb] [aaf-objects] [audio]        (default: all six)
#
# SwiftPM cannot build a libFuzzer binary, so the module sources are compiled here
# directly with swiftc, every module with -sanitize=fuzzer,address (coverage + ASan),
# one object and one .swiftmodule per module, then linked with the entry point in
# Fuzz/<Name>Fuzz.swift. Objects go to $FUZZ_SCRATCH (.build-fuzz), binaries to
# $FUZZ_OUT (fuzz-out). The C run-time loaders (CLazyLoad, CLibXML2, CSndFile: libxml2 and
# libsndfile are opened with dlopen, never linked) are compiled with the toolchain's clang
# under the same sanitizers. Needs only the Swift toolchain (its libFuzzer) and, for the
# XML and audio targets, libxml2-dev and libsndfile1-dev (their headers).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SWIFTC=${SWIFTC:-swiftc}
OBJ=${FUZZ_SCRATCH:-.build-fuzz}
OUT=${FUZZ_OUT:-fuzz-out}
if [ "$#" -gt 0 ]; then targets=("$@"); else targets=(edl xml cues aaf-cfb aaf-objects audio); fi

FLAGS=(-sanitize=fuzzer,address -O -g -swift-version 6 -parse-as-library)
# The toolchain's lld links the sanitizer runtimes without gold's warnings.
toolbin=$(dirname "$(command -v "$SWIFTC")")
LINK=()
if [ -x "$toolbin/ld.lld" ]; then LINK=(-use-ld=lld); fi

CLANG=${CLANG:-$toolbin/clang}
XML_FLAGS=(-I Sources/CLibXML2/include)
XML_C_FLAGS=()
for inc in $(pkg-config --cflags-only-I libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2); do
    XML_FLAGS+=(-Xcc "$inc")
    XML_C_FLAGS+=("$inc")
done

mkdir -p "$OBJ" "$OUT"

# module NAME [extra flags]: Sources/NAME/**/*.swift -> $OBJ/NAME.o + $OBJ/NAME.swiftmodule
# (subfolders included, as SwiftPM does: DXAAF keeps CompoundFile/, Objects/, Model/).
module() {
    local name=$1; shift
    local sources=()
    mapfile -t sources < <(find Sources/"$name" -name '*.swift' | sort)
    echo "fuzz build: module $name"
    "$SWIFTC" "${FLAGS[@]}" "$@" -I "$OBJ" -module-name "$name" -wmo \
        -emit-module -emit-module-path "$OBJ/$name.swiftmodule" \
        -emit-object -o "$OBJ/$name.o" "${sources[@]}"
}

# cmodule NAME [extra clang flags]: Sources/NAME/*.c -> $OBJ/NAME.c.o (instrumented, not
# linked with libFuzzer's main: only the entry's link does that).
cmodule() {
    local name=$1; shift
    echo "fuzz build: C module $name"
    local objs=()
    for src in Sources/"$name"/*.c; do
        local o="$OBJ/$name.$(basename "$src" .c).o"
        "$CLANG" -fsanitize=fuzzer-no-link,address -O1 -g -I Sources/CLazyLoad/include -I Sources/"$name"/include "$@" \
            -c "$src" -o "$o"
        objs+=("$o")
    done
    if [ "${#objs[@]}" -eq 1 ]; then cp "${objs[0]}" "$OBJ/$name.o"; else "$CLANG" -r "${objs[@]}" -o "$OBJ/$name.o"; fi
}

# link TARGET ENTRY MODULES... [-- extra flags]
link() {
    local target=$1 entry=$2; shift 2
    local objs=() extra=()
    while [ "$#" -gt 0 ]; do
        if [ "$1" = "--" ]; then shift; extra=("$@"); break; fi
        objs+=("$OBJ/$1.o"); shift
    done
    echo "fuzz build: link $OUT/fuzz-$target"
    "$SWIFTC" "${FLAGS[@]}" "${LINK[@]}" "${extra[@]}" -I "$OBJ" -module-name "${entry}" \
        "Fuzz/$entry.swift" "${objs[@]}" -o "$OUT/fuzz-$target"
}

module DXTimecode
module DXEditModel
module DXEDL
aaf_built=0
xml_built=0
for t in "${targets[@]}"; do
    case "$t" in
    edl)
        link edl EDLFuzz DXTimecode DXEditModel DXEDL
        ;;
    xml | audio)
        if [ "$xml_built" = 0 ]; then
            cmodule CLazyLoad
            cmodule CLibXML2 "${XML_C_FLAGS[@]}"
            module DXXML "${XML_FLAGS[@]}"
            xml_built=1
        fi
        if [ "$t" = xml ]; then
            module DXConformXML "${XML_FLAGS[@]}"
            link xml XMLFuzz DXTimecode DXEditModel DXEDL CLazyLoad CLibXML2 DXXML DXConformXML -- "${XML_FLAGS[@]}" -ldl
        else
            cmodule CSndFile
            module DXAudio "${XML_FLAGS[@]}" -I Sources/CSndFile/include
            link audio AudioFuzz DXTimecode CLazyLoad CLibXML2 CSndFile DXXML DXAudio -- "${XML_FLAGS[@]}" \
                -I Sources/CSndFile/include -ldl
        fi
        ;;
    cues)
        module DXCueImport
        link cues CuesFuzz DXTimecode DXEditModel DXCueImport
        ;;
    aaf-cfb | aaf-objects)
        # One DXAAF module object serves both AAF targets.
        if [ "$aaf_built" = 0 ]; then module DXAAF; aaf_built=1; fi
        if [ "$t" = aaf-cfb ]; then entry=AAFCompoundFileFuzz; else entry=AAFObjectsFuzz; fi
        link "$t" "$entry" DXTimecode DXEditModel DXAAF
        ;;
    *)
        echo "Fuzz/build.sh: unknown target '$t' (expected edl, xml, cues, aaf-cfb, aaf-objects or audio)" >&2
        exit 64
        ;;
    esac
done
