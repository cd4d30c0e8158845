# trunkprobe: the two quickstart commands are `make demo` and `make test`.
# Each installs the Debian packages it needs first (scripts/bootstrap); the Swift 6 toolchain is the one prerequisite.
SWIFT ?= swift
BIN := .build/debug/trunkprobe

.PHONY: all build release demo test test-prometheus-examples bench hot-text fuzz clean

all: build

build:
	scripts/bootstrap build
	$(SWIFT) build

# The binary to install (.build/release/trunkprobe) and the one `make bench` measures (docs/benchmarks.md,
# "Start-up"): the Swift runtime and Foundation linked in statically, so a probe does not load a dozen Swift
# shared libraries at every start; sections no code reaches dropped; linked by the toolchain's lld with the
# relative relocations packed (RELR, glibc 2.36+), so the position-independent binary applies 113,000 of
# them from a 22 KB table instead of reading a 2.7 MB one at every start. Every Swift function gets a
# section of its own, and scripts/hot-text.ld (made by `make hot-text`) places the code the probe commands
# run side by side, so a probe maps about 4 MB of code instead of 12. No symbol table for dynamic linking:
# nothing loads trunkprobe as a library, and the loader would search its 28,000 symbols first on every lookup.
# SwiftPM may keep objects compiled before a change to these flags: after one, rm -rf .build/*/release.
RELEASE_FLAGS := -c release --static-swift-stdlib -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld \
  -Xlinker --gc-sections -Xlinker -z -Xlinker pack-relative-relocs -Xlinker --no-export-dynamic \
  -Xswiftc -Xfrontend -Xswiftc -function-sections -Xlinker -T -Xlinker $(CURDIR)/scripts/hot-text.ld

release:
	scripts/bootstrap build
	$(SWIFT) build $(RELEASE_FLAGS) --product trunkprobe

demo:
	scripts/bootstrap build
	$(SWIFT) build --product trunkprobe
	scripts/demo $(BIN)

# Integration tests start real peers (Kamailio, SIPp, dnsmasq, Prometheus) on free loopback ports;
# TRUNKPROBE_REQUIRE_PEERS=1 turns a missing peer into a failure rather than a skip. The tests run one at a
# time (--no-parallel): most of them bound how long a probe may take, and dozens of peers and probes at
# once on two cores measure the scheduler, not the probe (docs/architecture.md). Serial is also faster here.
test:
	scripts/bootstrap test
	$(MAKE) test-prometheus-examples
	$(SWIFT) build --build-tests
	TRUNKPROBE_REQUIRE_PEERS=1 $(SWIFT) test --skip-build --no-parallel

# The ready-to-use Prometheus files: the scrape config, the alert rules, and the rules' unit tests.
test-prometheus-examples:
	cd examples/prometheus && promtool check config prometheus.yml
	cd examples/prometheus && promtool check rules trunkprobe-alerts.yml
	cd examples/prometheus && promtool test rules trunkprobe-alerts.test.yml

bench:
	scripts/bootstrap bench
	$(SWIFT) build $(RELEASE_FLAGS) --product trunkprobe
	RELEASE_FLAGS="$(RELEASE_FLAGS)" scripts/bench
	scripts/bench-exporter .build/release/trunkprobe

# Regenerates scripts/hot-text.ld from callgrind runs of the probe commands against a local Kamailio
# (needs valgrind and Kamailio, which `scripts/bootstrap bench` installs). Re-run after large changes to the
# probe path or a toolchain upgrade; a stale list only costs start-up speed.
hot-text:
	scripts/bootstrap bench
	RELEASE_FLAGS="$(RELEASE_FLAGS)" scripts/hot-text

# libFuzzer over the parsers that meet untrusted bytes (docs/reliability.md, "Fuzzing"). A separate scratch
# path, because every module is compiled with the sanitizer; a plain `swift build` builds trunkprobe-fuzz as
# a corpus replay driver instead. Crashes land in Tests/FuzzCorpus/<target>/regressions/, replayed by `make test`.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= sip-message stream-framer digest-challenge dns-message plan-loader suite-loader
fuzz:
	scripts/bootstrap build
	$(SWIFT) build -c debug --scratch-path .build-fuzz --product trunkprobe-fuzz \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -parse-as-library
	scripts/fuzz .build-fuzz/debug/trunkprobe-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf .build .build-fuzz
