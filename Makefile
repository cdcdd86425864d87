# LVD top-level Makefile.
#
#   make demo      boot the emulated Intel machine and show what LVD does
#   make bench     one boot, one table: native call, system call, hypercall, domain calls
#   make check     run every test (unit, IDL, guest boots); last line "N passed, N failed"
#   make check-models  boot the other emulated CPU models (tests/guest/models/)
#   make           build modules for the testbed kernel, tools and unit tests
#   make tools     build/tools/lvdctl ("lvdctl check": can this machine run LVD?)
#   make modules KDIR=/lib/modules/$(uname -r)/build   build for your own kernel
#   make boot SCENARIO=smoke                            one guest scenario, quickly
#   make style     checkpatch + kernel-doc over the kernel-side code
#   make deps      install Debian packages and the testbed kernel (root)
#
# Build output lives under build/ only.

ROOT := $(abspath .)
B := $(ROOT)/build
-include $(B)/deps/kernel.mk

CC ?= gcc
CFLAGS_USER := -O2 -g -Wall -Wextra -Werror -I$(ROOT)/include
GUEST_CFLAGS := -O2 -static -Wall -Wextra -Werror -I$(ROOT)/include

# Kernel to build modules for: the testbed's cloud kernel unless KDIR is given.
KDIR ?= $(KDIR_CLOUD_AMD64)
KREL = $(shell sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' $(KDIR)/include/generated/utsrelease.h 2>/dev/null)
KMOD_DIRS := hypervisor include kernel domain lib tests/guest/kmod

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/unit/%,$(UNIT_SRCS))
GUEST_SRCS := $(wildcard tests/guest/*.c)
GUEST_BINS := $(patsubst tests/guest/%.c,$(B)/guest/bin/%,$(GUEST_SRCS))

.PHONY: all deps modules modules-testbed unit unit-run guest-bins idl tools style check check-models demo bench boot clean distclean

all: modules unit guest-bins idl tools

deps:
	@$(ROOT)/testbed/deps.sh

# Kbuild cannot put objects outside the module folder on 6.1, so the
# kernel-side sources are mirrored (timestamps kept) into one folder per
# kernel release and built there: build/kmod/<release> for the modules users
# load, build/kmod-test/<release> with LVD_TESTING=y for the testbed's build,
# which adds the test hooks (hypervisor/testing.c).
KMOD_OUT = $(B)/kmod$(if $(LVD_TESTING),-test)/$(KREL)
modules:
	@test -n "$(KDIR)" -a -f "$(KDIR)/Makefile" || \
		{ echo "modules: no kernel headers at '$(KDIR)'; run 'make deps' or pass KDIR=/lib/modules/\$$(uname -r)/build"; exit 1; }
	@mkdir -p $(KMOD_OUT)
	@cp -a Kbuild $(KMOD_OUT)/
	@for d in $(KMOD_DIRS); do \
		[ -d $$d ] || continue; mkdir -p $(KMOD_OUT)/$$d; cp -a $$d/. $(KMOD_OUT)/$$d/; \
	done
	@$(MAKE) -s -C $(KDIR) M=$(KMOD_OUT) CONFIG_DEBUG_INFO_BTF_MODULES= \
		$(if $(LVD_TESTING),LVD_TESTING=y) modules
	@echo "modules: built for $(KREL) in $(patsubst $(ROOT)/%,%,$(KMOD_OUT))"

# Both testbed flavours, testing build (the boots load these), and the
# users' build for the cloud kernel (checked for test hooks by "make check").
modules-testbed:
	@$(MAKE) -s modules KDIR=$(KDIR_CLOUD_AMD64) LVD_TESTING=y
	@$(MAKE) -s modules KDIR=$(KDIR_AMD64) LVD_TESTING=y
	@$(MAKE) -s modules KDIR=$(KDIR_CLOUD_AMD64)

$(B)/unit/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(wildcard hypervisor/*.[ch] kernel/*.[ch] kernel/*/*.[ch] lib/*/*.[ch] tools/*/*.[ch] include/lvd/*.h include/lvd/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_USER) -o $@ $< $(shell sed -n 's|^// unit-deps: *||p' $<)

unit: $(UNIT_BINS)

# Run every unit test binary; each prints TAP.
unit-run: unit
	@rc=0; for t in $(UNIT_BINS); do echo "# suite: unit/$$(basename $$t)"; $$t || rc=1; done; exit $$rc

$(B)/guest/bin/%: tests/guest/%.c
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -o $@ $<

# Test domains (tests/domains/*.c): freestanding objects built with the
# kernel's code model, loaded into domains by the guest tests (/lvd/domains).
DOMAIN_CFLAGS := -O2 -Wall -Wextra -Werror -ffreestanding -nostdlib -fno-pic -fno-pie \
	-mcmodel=kernel -mno-red-zone -mgeneral-regs-only -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fcf-protection=none -fno-jump-tables
DOMAIN_SRCS := $(wildcard tests/domains/*.c)
DOMAIN_OBJS := $(patsubst tests/domains/%.c,$(B)/guest/domains/%.o,$(DOMAIN_SRCS))
$(B)/guest/domains/%.o: tests/domains/%.c tests/domains/domain.h
	@mkdir -p $(dir $@)
	$(CC) $(DOMAIN_CFLAGS) -c -o $@ $<

# lvdctl too (static): testbed/mkimage.sh puts build/guest/bin/* in the guest's /lvd/bin.
guest-bins: $(GUEST_BINS) $(B)/guest/bin/lvdctl $(DOMAIN_OBJS)

# User-space tools (tools/*/): lvdctl.
include tools/lvdctl/lvdctl.mk

tools: $(B)/tools/lvdctl

# checkpatch.pl and kernel-doc over the kernel-side folders (TAP).
style: deps
	@$(ROOT)/testbed/style.sh

idl:
	@$(MAKE) -s -C idl

check: deps
	@$(MAKE) -s modules-testbed unit guest-bins idl
	@$(ROOT)/testbed/check.sh

# The CPU-model matrix: one boot per file in tests/guest/models/ (see README).
check-models: deps
	@$(MAKE) -s modules-testbed guest-bins
	@$(ROOT)/testbed/check-models.sh

demo: deps
	@$(MAKE) -s modules-testbed guest-bins
	@$(ROOT)/testbed/demo.sh

# Round-trip costs measured in one boot (tests/guest/bench/bench): one table.
bench: deps
	@$(MAKE) -s modules-testbed guest-bins
	@$(ROOT)/testbed/bench.sh

# One guest scenario (tests/guest/scenarios/NAME), console kept in build/boot/NAME.
boot: deps
	@$(MAKE) -s modules-testbed guest-bins
	@$(ROOT)/testbed/boot.sh $(or $(SCENARIO),smoke)

clean:
	rm -rf $(B)/kmod $(B)/kmod-test $(B)/unit $(B)/guest $(B)/tools $(B)/boot $(B)/check $(B)/check-models $(B)/image
	@$(MAKE) -s -C idl clean

distclean:
	rm -rf $(B)
