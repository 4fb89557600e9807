/* status_bits.h — meanings of the flowStat bits (T2-COMPAT §5) for the end-of-run report. */
#ifndef ROWTAP_STATUS_BITS_H
#define ROWTAP_STATUS_BITS_H

/* Meaning of a bit (0..63); "unused" for bits without meaning. */
const char *status_bit_meaning(unsigned bit);
/* Nonzero when a set bit is worth a warning (damage, truncation, limits reached). */
int status_bit_is_warning(unsigned bit);

#endif
