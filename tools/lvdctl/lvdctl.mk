# tools/lvdctl/lvdctl.mk - build rules of lvdctl, included by the top-level
# Makefile (which defines ROOT, B, CC, CFLAGS_USER and GUEST_CFLAGS).
#
#   build/tools/lvdctl     for this machine (make tools)
#   build/guest/bin/lvdctl static, for the emulated guest's /lvd/bin (make guest-bins)
#
# The domain commands (dom.c) talk to /dev/lvd of lvd_dom.ko through
# include/lvd/lvd_ioctl.h; "lvdctl status" (dom.c too) also reads
# lvd_hv.ko's files in /sys/kernel/debug/lvd and the modules' parameters.
#
# lvdctl is built with the hypervisor's own capability check,
# hypervisor/vmx_caps.c, so it decides exactly as lvd_hv.ko does at insmod.

LVDCTL_DIR := tools/lvdctl
LVDCTL_SRCS := $(addprefix $(LVDCTL_DIR)/,main.c cli.c opt.c json.c check.c check_eval.c \
	dev.c dom.c dom_parse.c dom_print.c) hypervisor/vmx_caps.c
LVDCTL_DEPS := $(LVDCTL_SRCS) $(wildcard $(LVDCTL_DIR)/*.h) hypervisor/vmx_caps.h \
	$(wildcard include/lvd/*.h include/lvd/hw/*.h)

$(B)/tools/lvdctl: $(LVDCTL_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_USER) -o $@ $(LVDCTL_SRCS)

$(B)/guest/bin/lvdctl: $(LVDCTL_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -o $@ $(LVDCTL_SRCS)
