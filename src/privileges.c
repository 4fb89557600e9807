/* privileges.c — looking up the -Z user and changing to it (initgroups, setgid, setuid). */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "privileges.h"

int privileges_lookup(const char *name, privileges_user *out, char *err, size_t err_size)
{
    struct passwd pw, *found = NULL;
    char buf[16384];
    int rc = getpwnam_r(name, &pw, buf, sizeof buf, &found);
    if (!found) {
        snprintf(err, err_size, "-Z %s: %s; give an existing user name (see /etc/passwd)", name,
                 rc ? strerror(rc) : "no such user");
        return -1;
    }
    if (snprintf(out->name, sizeof out->name, "%s", name) >= (int)sizeof out->name) {
        snprintf(err, err_size, "-Z: the user name is too long");
        return -1;
    }
    out->uid = pw.pw_uid;
    out->gid = pw.pw_gid;
    return 0;
}

/* Formats "cannot change to user ...: <step>: <reason>" into err and returns -1. */
static int privileges_fail(const privileges_user *user, const char *step, int error, char *err, size_t err_size)
{
    snprintf(err, err_size, "-Z %s: cannot change to this user (%s: %s); run rowtap as root to use -Z", user->name,
             step, strerror(error));
    return -1;
}

int privileges_drop(const privileges_user *user, char *err, size_t err_size)
{
    if (initgroups(user->name, user->gid) < 0)
        return privileges_fail(user, "initgroups", errno, err, err_size);
    if (setgid(user->gid) < 0)
        return privileges_fail(user, "setgid", errno, err, err_size);
    if (setuid(user->uid) < 0)
        return privileges_fail(user, "setuid", errno, err, err_size);
    if (getuid() != user->uid || geteuid() != user->uid || getgid() != user->gid || getegid() != user->gid)
        return privileges_fail(user, "check", EPERM, err, err_size);
    if (user->uid != 0 && (setuid(0) == 0 || seteuid(0) == 0)) {
        snprintf(err, err_size, "-Z %s: root's rights could be regained after the change; not running", user->name);
        return -1;
    }
    return 0;
}
