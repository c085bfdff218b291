# WwanProto — build, test, publish, demo, install.
DOTNET  ?= dotnet
CONFIG  ?= Release
RID     ?= linux-x64
OUT     := out
PUBLISH := $(OUT)/publish/$(RID)
BIN     := $(PUBLISH)/huaweiwwan
DESTDIR ?= $(OUT)/root

.PHONY: all build test publish demo bench install deps clean sim

all: build

deps:
	@scripts/deps.sh

build:
	$(DOTNET) build WwanProto.sln -c $(CONFIG)

test: deps
	scripts/test.sh

# Native AOT, size settings, into $(PUBLISH). net9.0/linux-x64 is what this machine can build.
publish:
	$(DOTNET) publish proto/WwanProto/WwanProto.csproj -c Release -r $(RID) -o $(PUBLISH)
	@ls -l $(BIN)

demo: deps publish
	scripts/demo.sh

bench: publish
	$(DOTNET) run --project bench/WwanProto.Bench -c Release -- $(ARGS)

# The modem simulator, e.g. make sim ARGS="--profile e3372h-320 --root /tmp/sim --fault split,urc"
sim:
	$(DOTNET) run --project tests/ModemSim -c $(CONFIG) -- $(ARGS)

# OpenWrt file layout under $(DESTDIR).
install: publish
	install -d $(DESTDIR)/usr/sbin $(DESTDIR)/lib/netifd/proto
	install -m 0755 $(BIN) $(DESTDIR)/usr/sbin/huaweiwwan
	install -m 0755 proto/netifd/huaweiwwan.sh $(DESTDIR)/lib/netifd/proto/huaweiwwan.sh
	for s in usb tty usbmisc net; do install -d $(DESTDIR)/etc/hotplug.d/$$s; install -m 0644 hotplug/$$s $(DESTDIR)/etc/hotplug.d/$$s/25-huaweiwwan; done

clean:
	$(DOTNET) clean WwanProto.sln -c $(CONFIG) >/dev/null 2>&1 || true
	rm -rf $(OUT)
	find . -name bin -o -name obj -type d -prune -exec rm -rf {} + 2>/dev/null || true
