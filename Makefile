# svc — the two commands: `make demo` and `make check` (plus `make bench`, `make install`).
# Each first installs whatever Debian 12 packages are missing (as root; otherwise it prints the
# apt-get line to run and stops), then builds with CMake + Ninja.

PACKAGES := cmake g++ ninja-build pkg-config libcli11-dev libsqlite3-dev libfmt-dev \
            libtomlplusplus-dev doctest-dev libutf8proc-dev sqlite3 mandoc jq
# `make check` also renders the HTML reports with headless Chromium (tests/e2e/report_html.sh),
# with the Chinese fonts the pages ask for.
CHECK_PACKAGES := chromium fonts-noto-cjk
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
PREFIX   ?= /usr/local
DEMO_DIR ?= demo

.PHONY: all deps build demo check check-slow fuzz bench install clean

all: build

deps:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "missing packages:$$missing"; \
	    echo "run: sudo apt-get update && sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

# Release build: what `make demo`, `make bench` and `make install` use.
build: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)

# The demo: a fresh database for the 360-home estate of examples/demo/, four weeks of the service
# centre's work (2–27 November 2026), then the daily report and the month's report in HTML.
demo: build
	./examples/demo.sh build/release/svc $(DEMO_DIR)

# Warnings as errors, AddressSanitizer + UndefinedBehaviorSanitizer, every test, man page lint.
check:
	@$(MAKE) --no-print-directory deps PACKAGES="$(PACKAGES) $(CHECK_PACKAGES)"
	cmake --preset check >/dev/null
	cmake --build --preset check -j $(JOBS)
	ctest --preset check -j $(JOBS)
	@for m in man/*.1 man/*.5 man/zh_CN/*.1; do mandoc -Tlint -W warning "$$m" || exit 1; done
	@echo "man pages: lint clean"

# The long suites: four writers × 500 commands beside verify and check, and 60 kill -9 crashes.
check-slow: check
	./tests/e2e/concurrency.sh build/check/svc . 84
	./tests/e2e/crash.sh build/check/svc . 60

# libFuzzer (clang) on every target for FUZZ_SECONDS each (10 CPU-minutes: FUZZ_SECONDS=600); new
# inputs are merged into tests/fuzz/corpus, which `make check` replays.
FUZZ_SECONDS ?= 60
fuzz:
	@$(MAKE) --no-print-directory deps PACKAGES="$(PACKAGES) clang libclang-rt-14-dev"
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j $(JOBS)
	./tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS) $(JOBS)

# hyperfine for the medians of the millisecond commands, strace to count a command's syncs, GNU
# time for peak memory; the table is also written as JSON, with the machine, to build/bench.json.
bench: build
	@$(MAKE) --no-print-directory deps PACKAGES="$(PACKAGES) hyperfine strace time"
	BENCH_JSON=build/bench.json ./tests/bench/run.sh build/release/svc

install: build
	cmake --install build/release --prefix $(PREFIX)

clean:
	rm -rf build $(DEMO_DIR)
