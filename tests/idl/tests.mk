# Tests and benchmark of the IDL compiler and the glue runtime; run through
# idl/Makefile ("make -C idl check", "make -C idl bench"). ROOT is the
# repository root.

B := $(ROOT)/build
# The testbed's kernel headers and checkpatch, when "make deps" has run.
-include $(B)/deps/kernel.mk
T := $(B)/idl/test
IDLC := $(B)/bin/lvd-idlc
CC ?= gcc
SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
CFLAGS_T := -O1 -g -std=gnu11 -Wall -Wextra -Werror $(SAN) \
	-I$(ROOT)/include -I$(ROOT)/lib/glue -I$(ROOT)/tests/idl -I$(ROOT)/tests/idl/include
GLUE_SRCS := $(ROOT)/lib/glue/glue_table.c $(ROOT)/lib/glue/glue_msg.c
GLUE_HDRS := $(ROOT)/lib/glue/glue.h $(ROOT)/lib/glue/glue_types.h \
	$(ROOT)/include/lvd/compat.h $(ROOT)/include/lvd/compat_user.h
IDLC_SRCS := $(addprefix $(ROOT)/idl/,main.c util.c parse.c check.c gen.c)
TEST_HDRS := $(ROOT)/tests/unit/tap.h $(ROOT)/tests/idl/loopback.h

.PHONY: check bench golden
.SECONDARY:

check: $(T)/test_glue $(T)/test_roundtrip $(T)/lvd-idlc-san
	@IDLC=$(IDLC) IDLC_SAN=$(T)/lvd-idlc-san ROOT=$(ROOT) OUT=$(T) \
		KDIR=$(KDIR_CLOUD_AMD64) CHECKPATCH=$(CHECKPATCH) KERNELDOC=$(KERNELDOC) \
		sh $(ROOT)/tests/idl/run.sh

$(T)/test_glue: $(ROOT)/tests/idl/test_glue.c $(GLUE_SRCS) $(GLUE_HDRS) $(TEST_HDRS)
	@mkdir -p $(T)
	@echo "  CC      $(notdir $@)" >&2
	@$(CC) $(CFLAGS_T) -o $@ $< $(GLUE_SRCS)

$(T)/test_roundtrip: $(ROOT)/tests/idl/test_roundtrip.c $(T)/gen/rt_kernel.c \
		$(T)/gen/rt_domain.c $(GLUE_SRCS) $(GLUE_HDRS) $(TEST_HDRS)
	@echo "  CC      $(notdir $@)" >&2
	@$(CC) $(CFLAGS_T) -I$(T)/gen -o $@ $< $(T)/gen/rt_kernel.c \
		$(T)/gen/rt_domain.c $(GLUE_SRCS)

# roundtrip.idl declares module rt.
$(T)/gen/rt_kernel.c $(T)/gen/rt_domain.c $(T)/gen/rt_glue.h: $(ROOT)/tests/idl/roundtrip.idl $(IDLC)
	@mkdir -p $(T)/gen
	@echo "  IDLC    $(notdir $<)" >&2
	@$(IDLC) -o $(T)/gen $<

$(T)/lvd-idlc-san: $(IDLC_SRCS) $(ROOT)/idl/idlc.h
	@mkdir -p $(T)
	@echo "  CC      $(notdir $@)" >&2
	@$(CC) -O1 -g -std=gnu11 -Wall -Wextra -Werror $(SAN) -o $@ $(IDLC_SRCS)

# The benchmark is built without sanitizers, optimized as the kernel is.
$(B)/idl/bench/bench: $(ROOT)/tests/idl/bench.c $(B)/idl/bench/bench_kernel.c \
		$(B)/idl/bench/bench_domain.c $(GLUE_SRCS) $(GLUE_HDRS) $(TEST_HDRS)
	@echo "  CC      $(notdir $@)" >&2
	@$(CC) -O2 -std=gnu11 -Wall -Wextra -Werror -I$(ROOT)/include -I$(ROOT)/lib/glue \
		-I$(ROOT)/tests/idl -I$(ROOT)/tests/idl/include -I$(B)/idl/bench \
		-o $@ $< $(B)/idl/bench/bench_kernel.c $(B)/idl/bench/bench_domain.c \
		$(GLUE_SRCS)

$(B)/idl/bench/bench_kernel.c $(B)/idl/bench/bench_domain.c $(B)/idl/bench/bench_glue.h: $(ROOT)/tests/idl/bench.idl $(IDLC)
	@mkdir -p $(B)/idl/bench
	@echo "  IDLC    $(notdir $<)" >&2
	@$(IDLC) -o $(B)/idl/bench $<

bench: $(B)/idl/bench/bench
	@echo "Lines of IDL against lines of generated C (drivers/idl):"
	@for m in nullnet nullblk; do \
		idl=$$(wc -l < $(ROOT)/drivers/idl/$$m.idl); \
		gen=$$(cat $(B)/idl/drivers/$${m}_glue.h $(B)/idl/drivers/$${m}_kernel.c \
			$(B)/idl/drivers/$${m}_domain.c | wc -l); \
		printf '  %-8s %4d lines of IDL -> %5d lines of C (header %d, kernel %d, domain %d)\n' \
			$$m $$idl $$gen $$(wc -l < $(B)/idl/drivers/$${m}_glue.h) \
			$$(wc -l < $(B)/idl/drivers/$${m}_kernel.c) \
			$$(wc -l < $(B)/idl/drivers/$${m}_domain.c); \
	done
	@$(B)/idl/bench/bench

# Accept the current output as the golden files (review the diff first).
golden: $(IDLC)
	@for idl in $(ROOT)/tests/idl/roundtrip.idl $(ROOT)/drivers/idl/nullnet.idl \
			$(ROOT)/drivers/idl/nullblk.idl; do \
		base=$$(basename $$idl .idl); \
		mkdir -p $(T)/golden-new/$$base $(ROOT)/tests/idl/golden/$$base; \
		$(IDLC) -o $(T)/golden-new/$$base $$idl || exit 1; \
		for f in $(T)/golden-new/$$base/*; do \
			cp $$f $(ROOT)/tests/idl/golden/$$base/$$(basename $$f).golden; \
		done; \
	done
