/* sample_part.c — the paths of the sample's LAN that its parts share: laptop and desktop to the
 * router, frames from the router padded to the Ethernet minimum. */
#include "sample_part.h"

const sample_path sample_part_laptop = { .open = sample_path_ethernet, .mac = { LAPTOP_MAC, LAN_ROUTER_MAC },
                                  .pad = 1 };
const sample_path sample_part_desktop = { .open = sample_path_ethernet,
                                   .mac = { DESKTOP_MAC, LAN_ROUTER_MAC }, .pad = 1 };
