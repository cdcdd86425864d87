/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stand-in for <linux/netdevice.h> in user-space builds of the nullnet glue:
 * only the fields the interface projects, with the kernel's types.
 */
#ifndef LVD_TEST_LINUX_NETDEVICE_H
#define LVD_TEST_LINUX_NETDEVICE_H

#define IFNAMSIZ	16
#define MAX_ADDR_LEN	32

struct net_device {
	char name[IFNAMSIZ];
	unsigned int mtu;
	unsigned int min_mtu;
	unsigned int max_mtu;
	unsigned int flags;
	unsigned char addr_len;
	unsigned char perm_addr[MAX_ADDR_LEN];
};

struct sk_buff {
	unsigned int len;
	unsigned short protocol;
	unsigned short queue_mapping;
};

struct rtnl_link_stats64 {
	unsigned long long rx_packets;
	unsigned long long tx_packets;
	unsigned long long rx_bytes;
	unsigned long long tx_bytes;
	unsigned long long tx_dropped;
};

#endif
