/* secret_mask.h — hiding passwords before anything is printed or recorded (command line in
 * _headers.txt, logs, reports). */
#ifndef ROWTAP_SECRET_MASK_H
#define ROWTAP_SECRET_MASK_H

/* For "key=value": the value replaced by "****" when the key is secret, otherwise the value with
 * embedded credentials masked (libpq "password=..." and "scheme://user:password@host").
 * Text without '=' is returned unchanged. Returns a new string (NULL when out of memory). */
char *secret_mask_assignment(const char *assignment);
/* The value with embedded credentials masked, as above. Returns a new string. */
char *secret_mask_value(const char *value);

#endif
