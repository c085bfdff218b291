# WwanProto — build, test, publish, demo, install.
DOTNET  ?= dotnet
CONFIG  ?= Release
RID     ?= linux-x64
OUT     := out
PUBLISH := $(OUT)/publish/$(RID)
BIN     := $(PUBLISH)/huaweiwwan
DESTDIR ?= $(OUT)/root

.PHONY: all build test publish demo bench install deps clean sim ipk deb luci-schema fuzz

# OpenWrt's feed scanner runs every Makefile of a src-git feed with DUMP=1; this one is no package.
ifeq ($(DUMP),)
all: build
else
all: ; @:
endif

deps:
	@scripts/deps.sh

build:
	$(DOTNET) build WwanProto.sln -c $(CONFIG)

test: deps
	scripts/test.sh

# Native AOT (net10.0), size settings, into $(PUBLISH). RID=linux-arm64 cross-links with clang and lld (WwanProto.csproj).
publish:
	$(DOTNET) publish proto/WwanProto/WwanProto.csproj -c Release -r $(RID) -o $(PUBLISH)
	@ls -l $(BIN)

demo: deps publish
	scripts/demo.sh

bench: publish
	$(DOTNET) run --project bench/WwanProto.Bench -c Release -- $(ARGS)

# Mutation fuzzer over every parser of untrusted input (tests/WwanProto.Fuzz), 10^6 inputs each by default;
# e.g. make fuzz ARGS="--target uci,blob --inputs 100000". A 128 MB gen0 budget and a 32 MB large-object threshold
# keep collections of the harness's own heap out of the linearity probe's large input (see Linearity.cs).
fuzz:
	DOTNET_GCgen0size=0x8000000 DOTNET_GCLOHThreshold=0x2000000 $(DOTNET) run --project tests/WwanProto.Fuzz -c Release -- --out $(OUT)/fuzz $(ARGS)

# The modem simulator, e.g. make sim ARGS="--profile e3372h-320 --root /tmp/sim --fault split,urc"
sim:
	$(DOTNET) run --project tests/ModemSim -c $(CONFIG) -- $(ARGS)

# OpenWrt file layout under $(DESTDIR).
install: publish
	install -d $(DESTDIR)/usr/sbin $(DESTDIR)/lib/netifd/proto
	install -m 0755 $(BIN) $(DESTDIR)/usr/sbin/huaweiwwan
	install -m 0755 proto/netifd/huaweiwwan.sh $(DESTDIR)/lib/netifd/proto/huaweiwwan.sh
	for h in ppp-up ppp6-up ppp-down; do install -m 0755 proto/netifd/huaweiwwan-$$h $(DESTDIR)/lib/netifd/huaweiwwan-$$h; done
	for s in usb tty usbmisc net; do install -d $(DESTDIR)/etc/hotplug.d/$$s; install -m 0644 hotplug/$$s $(DESTDIR)/etc/hotplug.d/$$s/25-huaweiwwan; done

# OpenWrt packages (static musl binary; feed layout) into $(OUT)/packages: x86_64, or ARCH=aarch64[_<cpu>].
ipk: deps
	ARCH=$(ARCH) scripts/mkipk.sh

# Debian package (binary, systemd unit huaweiwwan@.service, example config) into $(OUT)/packages; ARCH=arm64 cross-builds.
deb: deps
	ARCH=$(ARCH) scripts/mkdeb.sh

# Regenerate the LuCI form's copy of the option schema after changing OptionSchema.cs.
luci-schema:
	scripts/gen-luci-schema.sh

clean:
	$(DOTNET) clean WwanProto.sln -c $(CONFIG) >/dev/null 2>&1 || true
	rm -rf $(OUT)
	find . -name bin -o -name obj -type d -prune -exec rm -rf {} + 2>/dev/null || true
