# mosh-aot: one Native AOT binary that is mosh, mosh-server and mosh-client.
#   make            build build/mosh-aot and the links mosh-server, mosh-client, mosh
#   make test       build, then run every test (unit, differential, interop with upstream mosh)
#   make run        build, then open a real local session (mosh --local, no ssh)
#   make bench      BenchmarkDotNet suite (memory diagnoser on), then the end-to-end suite against
#                   upstream mosh; dated report in bench/results/. QUICK=1: a few minutes
#   make bench-smoke  every end-to-end workload once, small, no thresholds (part of make test)
#   make fuzz       a short fuzzing campaign per target (FUZZ_SECONDS each)
#   make fuzz-ci    every fuzz target for FUZZ_CI_SECONDS (part of make test: a crash fails it)
#   make soak       30-minute flood and 1,000 sessions in a row (not part of make test)
#   make install PREFIX=/usr/local   binary, links, man pages, bash completion (DESTDIR honoured)
#   make uninstall PREFIX=/usr/local
#   make publish-arm64   cross-publish build/linux-arm64/mosh-aot
#   make deb        build/deb/mosh-aot_VERSION_{amd64,arm64}.deb (replace Debian's mosh package)
#   make dist       build/dist/mosh-aot-VERSION-linux-{x64,arm64}.tar.gz and SHA256SUMS
#   make deps       install what the tests need (Debian packages)
#
# Both binaries are linked by zig against glibc $(GLIBC_FLOOR) (scripts/zig-cc), so they run on
# that glibc and every later one; `make` installs zig itself into build/tools (scripts/install-zig.sh).

DOTNET    ?= dotnet
RID       ?= $(shell $(DOTNET) --info 2>/dev/null | sed -n 's/^ *RID: *//p' | head -n1)
BUILD     := build
PREFIX    ?= /usr/local
# The oldest glibc the binaries run on (README: "Requirements"); tests/…/Packaging checks it.
GLIBC_FLOOR := 2.27
TOOLS     := $(BUILD)/tools
PORTABLE  := -p:GlibcFloor=$(GLIBC_FLOOR)
FUZZ_SECONDS ?= 60
# make test fuzzes every target this long: 30 s × 9 targets, about 5 minutes with the build.
FUZZ_CI_SECONDS ?= 30
SOAK_FLOOD_SECONDS ?= 1800
SOAK_SESSIONS ?= 1000
TEST_FILTER ?=
QUICK     ?=
PYTHON    ?= python3
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

.PHONY: all build test run bench bench-micro bench-e2e bench-smoke bench-tools fuzz fuzz-ci soak install uninstall clean publish-arm64 restore deps toolchain deb dist

all: build

restore:
	$(DOTNET) restore mosh-aot.sln

# zig 0.11 from npm, project-local: the linker driver behind scripts/zig-cc.
toolchain:
	scripts/install-zig.sh $(TOOLS)

build: toolchain
	$(DOTNET) publish src/mosh-aot/mosh-aot.csproj -c Release -r $(RID) -o $(BUILD)/publish --nologo -v quiet $(PORTABLE)
	mkdir -p $(BUILD)
	cp -f $(BUILD)/publish/mosh-aot $(BUILD)/mosh-aot
	ln -sf mosh-aot $(BUILD)/mosh-server
	ln -sf mosh-aot $(BUILD)/mosh-client
	ln -sf mosh-aot $(BUILD)/mosh

# What the tests run against (upstream mosh, tmux, sshd, the arm64 toolchain and qemu).
deps:
	scripts/install-deps.sh

test: deps build publish-arm64 deb dist bench-tools
	scripts/check-protocol-refs.sh
	$(PYTHON) -m unittest discover -s bench/e2e -p 'test_*.py'
	$(PYTHON) bench/e2e/bench.py --mode smoke
	MOSH_AOT_BINARY=$(abspath $(BUILD)/mosh-aot) MOSH_AOT_ARM64_BINARY=$(abspath $(BUILD)/linux-arm64/mosh-aot) \
	    MOSH_AOT_DEB_DIR=$(abspath $(BUILD)/deb) MOSH_AOT_DIST_DIR=$(abspath $(BUILD)/dist) \
	    TEST_FILTER="$(TEST_FILTER)" scripts/test.sh
	$(if $(TEST_FILTER),,$(MAKE) fuzz-ci)

run: build
	$(BUILD)/mosh --local --client=$(abspath $(BUILD)/mosh-client) --server=$(abspath $(BUILD)/mosh-server) 127.0.0.1

# make bench = the micro-benchmarks, then the end-to-end suite, whose report includes their tables.
bench: bench-micro build bench-tools
	$(PYTHON) bench/e2e/bench.py --mode $(if $(QUICK),quick,full) --micro BenchmarkDotNet.Artifacts/results

# QUICK=1: BenchmarkDotNet's short job in process (no generated project per benchmark) with
# 100 ms iterations: about 3 s per case instead of 20. The generated project gets 15 minutes to
# build (BenchmarkDotNet's 2 are not enough on a busy 2-core machine, and it then exits 0 with
# no results), and a run without any result table fails.
bench-micro:
	rm -rf BenchmarkDotNet.Artifacts/results
	$(DOTNET) run -c Release --project bench/Mosh.Bench/Mosh.Bench.csproj -- \
	    $(or $(BENCH_ARGS),--filter '*' --buildTimeout 900 $(if $(QUICK),--job short --inProcess --iterationTime 100 --warmupCount 1))
	@grep -Eqs '[0-9] (ns|μs|us|ms|s) *\|' BenchmarkDotNet.Artifacts/results/*-report-github.md || \
	    { echo "bench-micro: BenchmarkDotNet produced no results" >&2; exit 1; }

# Real sessions of upstream mosh and ours on loopback (bench/e2e/bench.py; python3 and cc).
bench-e2e: build bench-tools
	$(PYTHON) bench/e2e/bench.py --mode $(if $(QUICK),quick,full)

bench-smoke: build bench-tools
	$(PYTHON) -m unittest discover -s bench/e2e -p 'test_*.py'
	$(PYTHON) bench/e2e/bench.py --mode smoke

# A JIT build of the server (its allocations are counted over EventPipe) and the counter itself.
bench-tools:
	$(DOTNET) build src/mosh-aot/mosh-aot.csproj -c Release --nologo -v quiet
	$(DOTNET) build bench/Mosh.Bench.GcWatch/Mosh.Bench.GcWatch.csproj -c Release --nologo -v quiet

fuzz:
	scripts/fuzz.sh $(FUZZ_SECONDS)

# Bounded, so it can run on every change: a crash a change introduces fails the build, and the
# input lands in fuzz/regressions/ for the tests to replay once it is fixed and committed.
fuzz-ci:
	scripts/fuzz.sh $(FUZZ_CI_SECONDS)

# Leaks rather than speed (bench/e2e/soak.py): a 30-minute flood, then 1,000 sessions in a row;
# report in build/soak/REPORT.txt, exit status 1 if anything leaked. About 45 minutes.
soak: build
	$(PYTHON) bench/e2e/soak.py --ours $(abspath $(BUILD)) --flood-seconds $(SOAK_FLOOD_SECONDS) --sessions $(SOAK_SESSIONS)

MAN_PAGES := mosh.1 mosh-server.1 mosh-client.1 mosh-aot.1
BINDIR    := $(DESTDIR)$(PREFIX)/bin
MANDIR    := $(DESTDIR)$(PREFIX)/share/man/man1
COMPDIR   := $(DESTDIR)$(PREFIX)/share/bash-completion/completions

install: build
	install -d $(BINDIR) $(MANDIR) $(COMPDIR)
	install -m 0755 $(BUILD)/mosh-aot $(BINDIR)/mosh-aot
	ln -sf mosh-aot $(BINDIR)/mosh-server
	ln -sf mosh-aot $(BINDIR)/mosh-client
	ln -sf mosh-aot $(BINDIR)/mosh
	install -m 0644 $(addprefix packaging/man/,$(MAN_PAGES)) $(MANDIR)/
	install -m 0644 packaging/bash-completion/mosh $(COMPDIR)/mosh

# Removes what install put there; a mosh, mosh-server or mosh-client that is not our link stays.
uninstall:
	for link in mosh mosh-server mosh-client; do \
	    [ "$$(readlink $(BINDIR)/$$link 2>/dev/null)" = mosh-aot ] && rm -f $(BINDIR)/$$link; done; true
	rm -f $(BINDIR)/mosh-aot $(addprefix $(MANDIR)/,$(MAN_PAGES)) $(COMPDIR)/mosh

# One package per architecture (the x86-64 build is `make`'s, the arm64 one publish-arm64's).
deb: build publish-arm64
	rm -rf $(BUILD)/deb
	GLIBC_FLOOR=$(GLIBC_FLOOR) scripts/make-deb.sh amd64 $(BUILD)/mosh-aot $(BUILD)/deb
	GLIBC_FLOOR=$(GLIBC_FLOOR) scripts/make-deb.sh arm64 $(BUILD)/linux-arm64/mosh-aot $(BUILD)/deb

dist: build publish-arm64
	rm -rf $(BUILD)/dist
	scripts/make-dist.sh x64 $(BUILD)/mosh-aot $(BUILD)/dist
	scripts/make-dist.sh arm64 $(BUILD)/linux-arm64/mosh-aot $(BUILD)/dist
	cd $(BUILD)/dist && sha256sum *.tar.gz > SHA256SUMS

# Cross-linked by zig for aarch64 (its own glibc stubs: no arm64 sysroot needed); stripped with
# binutils' aarch64 objcopy (Debian: binutils-aarch64-linux-gnu).
publish-arm64: toolchain
	$(DOTNET) publish src/mosh-aot/mosh-aot.csproj -c Release -r linux-arm64 -o $(BUILD)/linux-arm64 --nologo -v quiet \
	    $(PORTABLE) -p:ObjCopyName=aarch64-linux-gnu-objcopy

clean:
	rm -rf $(BUILD) BenchmarkDotNet.Artifacts
	find src tests bench fuzz -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
