/* privileges.h — -Z USER: giving up root's rights once the input is open, as tcpdump -Z does. The
 * user is looked up at start (an unknown user is a usage error); after the drop, output folders
 * and files are created as that user. */
#ifndef ROWTAP_PRIVILEGES_H
#define ROWTAP_PRIVILEGES_H

#include <stddef.h>
#include <sys/types.h>

/* The account rowtap changes to. */
typedef struct privileges_user {
    char name[256];
    uid_t uid;
    gid_t gid;   /* primary group */
} privileges_user;

/* Looks the user name up. Returns 0, or -1 with a message in err when there is no such user. */
int privileges_lookup(const char *name, privileges_user *out, char *err, size_t err_size);
/* Changes the process to the user: its supplementary groups, group and user ID, then checks that
 * the change holds (root cannot be regained). Call before any thread is started. Returns 0, or -1
 * with a message in err. */
int privileges_drop(const privileges_user *user, char *err, size_t err_size);

#endif
