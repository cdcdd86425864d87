/* SPDX-License-Identifier: GPL-2.0 */
/* Structures projected by tests/idl/roundtrip.idl. */
#ifndef LVD_TEST_RT_TYPES_H
#define LVD_TEST_RT_TYPES_H

struct widget {
	unsigned int id;
	short temp;
	unsigned long long counter;
	bool enabled;
	char label[16];
	unsigned char nkeys;
	unsigned short keys[8];
	struct {
		unsigned int hits;
	} stat;
};

struct stats {
	unsigned long long calls;
	int last;
};

struct token {
	int value;
};

#endif
