/* secret_mask.c — masking secrets in option values. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "options.h"
#include "secret_mask.h"

#define MASK "****"

/* Appends src[0..n) to the growing string. */
static void append(char **out, size_t *len, const char *src, size_t n)
{
    char *p = realloc(*out, *len + n + 1);
    if (!p) {
        free(*out);
        *out = NULL;
        return;
    }
    memcpy(p + *len, src, n);
    *len += n;
    p[*len] = '\0';
    *out = p;
}

char *secret_mask_value(const char *value)
{
    char *out = NULL;
    size_t len = 0;
    append(&out, &len, "", 0);
    const char *p = value;
    while (*p && out) {
        if (strncasecmp(p, "password", 8) == 0) {
            const char *q = p + 8;
            while (*q == ' ')
                q++;
            if (*q == '=') {
                q++;
                while (*q == ' ')
                    q++;
                append(&out, &len, p, (size_t)(q - p));
                append(&out, &len, MASK, strlen(MASK));
                if (*q == '\'') { /* quoted libpq value: skip to the closing quote */
                    for (q++; *q && *q != '\''; q++)
                        if (*q == '\\' && q[1])
                            q++;
                    q += *q == '\'';
                } else {
                    q += strcspn(q, " &");
                }
                p = q;
                continue;
            }
        }
        if (strncmp(p, "://", 3) == 0) { /* URI: mask the password of user:password@ */
            const char *auth = p + 3, *at = auth + strcspn(auth, "@/?#");
            const char *colon = memchr(auth, ':', (size_t)(at - auth));
            if (*at == '@' && colon) {
                append(&out, &len, p, (size_t)(colon + 1 - p));
                append(&out, &len, MASK, strlen(MASK));
                p = at;
                continue;
            }
        }
        append(&out, &len, p, 1);
        p++;
    }
    return out;
}

char *secret_mask_assignment(const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    if (!eq)
        return strdup(assignment);
    char *key = strndup(assignment, (size_t)(eq - assignment));
    if (!key)
        return NULL;
    int secret = options_is_secret(key);
    free(key);
    char *value = secret ? strdup(MASK) : secret_mask_value(eq + 1);
    if (!value)
        return NULL;
    char *out = malloc((size_t)(eq - assignment) + 1 + strlen(value) + 1);
    if (out)
        sprintf(out, "%.*s=%s", (int)(eq - assignment), assignment, value);
    free(value);
    return out;
}
