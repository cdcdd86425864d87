// SPDX-License-Identifier: GPL-2.0
/*
 * tests/guest/lvd_ioperm.c - user-space port I/O granted with ioperm()
 * works. After the hypervisor leaves a CPU its TR limit is 0x67 (SDM Vol.
 * 3C 27.5.2) until the kernel reloads TR; if the kernel were not told
 * (invalidate_tss_limit(), DESIGN.md 5), the OUT below would raise #GP and
 * this program would die of SIGSEGV.
 *
 * Usage: lvd_ioperm   (pin it to a CPU with taskset)
 * Prints "ioperm ok" and exits 0.
 */
#include <stdio.h>
#include <sys/io.h>

#define POST_PORT 0x80	/* the PC's POST diagnostic port: writes are harmless */

int main(void)
{
	if (ioperm(POST_PORT, 1, 1)) {
		perror("ioperm");
		return 1;
	}
	outb(0, POST_PORT);
	printf("ioperm ok\n");
	return 0;
}
