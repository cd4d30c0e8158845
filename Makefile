# trunkprobe: the two quickstart commands are `make demo` and `make test`.
# Each installs the Debian packages it needs first (scripts/bootstrap); the Swift 6 toolchain is the one prerequisite.
SWIFT ?= swift
BIN := .build/debug/trunkprobe

.PHONY: all build demo test bench clean

all: build

build:
	scripts/bootstrap build
	$(SWIFT) build

demo:
	scripts/bootstrap build
	$(SWIFT) build --product trunkprobe
	scripts/demo $(BIN)

# Integration tests start real peers (Kamailio, SIPp, dnsmasq) on free loopback ports;
# TRUNKPROBE_REQUIRE_PEERS=1 turns a missing peer into a failure rather than a skip.
test:
	scripts/bootstrap test
	$(SWIFT) build --build-tests
	TRUNKPROBE_REQUIRE_PEERS=1 $(SWIFT) test --skip-build

bench:
	scripts/bootstrap bench
	$(SWIFT) build -c release --product trunkprobe
	scripts/bench

clean:
	rm -rf .build
