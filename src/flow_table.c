/* flow_table.c — flow directions: slots in one large table, the key index, pairing, the pair LRU list
 * used for timeouts and eviction, and fragment attribution. */
#include <stdio.h>
#include <string.h>

#include "flow_table.h"
#include "frag_table.h"
#include "hash_index.h"
#include "huge_memory.h"
#include "memory_prefault.h"
#include "rowtap/plugin.h"

#define NIL UINT32_MAX

/* One direction: the public rt_flow, the core's bookkeeping, then the plugins' state. */
typedef struct flow_slot {
    rt_flow flow;
    uint32_t id;          /* slot number */
    uint32_t hash;        /* hash of flow.key */
    uint32_t generation;  /* incremented when the slot is freed (fragment entries check it) */
    uint32_t next_free;
    uint16_t pending_frags; /* datagrams whose later fragments are still awaited */
    uint8_t pair_head;    /* the first-created direction of its pair: holds the LRU links */
    uint8_t in_use;
} flow_slot;

#define SLOT_SIZE_ALIGN 16
#define STATE_OFFSET ((sizeof(flow_slot) + SLOT_SIZE_ALIGN - 1) & ~(size_t)(SLOT_SIZE_ALIGN - 1))

struct flow_table {
    flow_table_config config;
    size_t slot_size;
    uint8_t *slots;       /* room for config.max_directions slots (huge_memory.h) */
    memory_prefault *prefault; /* makes the slots ahead of n_slots resident, or NULL */
    uint32_t n_slots;     /* slots used so far (resident once written) */
    uint32_t free_list;
    hash_index index;
    frag_table frags;
    uint32_t lru_head, lru_tail;
    uint32_t (*lru)[2];   /* pair LRU links [prev, next] by slot number, kept apart from the large
                             slots so that moving a pair touches little memory */
    uint64_t next_flow_index;
    int closed;           /* flow_table_close: no lookups follow, ending skips the key index */
    flow_table_stats stats;
};

size_t flow_table_state_offset(void)
{
    return STATE_OFFSET;
}

static inline flow_slot *slot_at(const flow_table *t, uint32_t id)
{
    return (flow_slot *)(t->slots + (size_t)id * t->slot_size);
}

static inline flow_slot *slot_of(rt_flow *flow)
{
    return (flow_slot *)flow;
}

flow_table *flow_table_new(const flow_table_config *config)
{
    flow_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->config = *config;
    t->slot_size = (STATE_OFFSET + config->state_size + SLOT_SIZE_ALIGN - 1) & ~(size_t)(SLOT_SIZE_ALIGN - 1);
    size_t slot_bytes = (size_t)config->max_directions * t->slot_size;
    t->slots = huge_memory_alloc(slot_bytes);
    if (t->slots && slot_bytes >= HUGE_MEMORY_MIN)
        t->prefault = memory_prefault_start(t->slots, slot_bytes);
    t->free_list = t->lru_head = t->lru_tail = NIL;
    t->lru = calloc(config->max_directions, sizeof *t->lru);
    if (!t->slots || !t->lru || hash_index_init(&t->index, config->max_directions) < 0
        || frag_table_init(&t->frags, config->frag_entries) < 0) {
        flow_table_free(t);
        return NULL;
    }
    return t;
}

void flow_table_free(flow_table *t)
{
    if (!t)
        return;
    memory_prefault_stop(t->prefault);
    huge_memory_free(t->slots, (size_t)t->config.max_directions * t->slot_size);
    free(t->lru);
    hash_index_free(&t->index);
    frag_table_free(&t->frags);
    free(t);
}

/* ---- pair LRU list (linked through the pair's first direction) ---- */

enum { PREV, NEXT };

static void lru_unlink(flow_table *t, const flow_slot *s)
{
    uint32_t *links = t->lru[s->id];
    if (links[PREV] != NIL)
        t->lru[links[PREV]][NEXT] = links[NEXT];
    else
        t->lru_head = links[NEXT];
    if (links[NEXT] != NIL)
        t->lru[links[NEXT]][PREV] = links[PREV];
    else
        t->lru_tail = links[PREV];
    links[PREV] = links[NEXT] = NIL;
}

static void lru_append(flow_table *t, const flow_slot *s)
{
    uint32_t *links = t->lru[s->id];
    links[NEXT] = NIL;
    links[PREV] = t->lru_tail;
    if (t->lru_tail != NIL)
        t->lru[t->lru_tail][NEXT] = s->id;
    else
        t->lru_head = s->id;
    t->lru_tail = s->id;
}

static flow_slot *pair_head_of(flow_slot *s)
{
    return s->pair_head ? s : slot_of(s->flow.partner);
}

void flow_table_touch(flow_table *t, rt_flow *flow)
{
    flow_slot *head = pair_head_of(slot_of(flow));
    if (t->lru_tail != head->id) {
        lru_unlink(t, head);
        lru_append(t, head);
    }
}

/* ---- slots ---- */

static flow_slot *slot_alloc(flow_table *t)
{
    uint32_t id;
    if (t->free_list != NIL) {
        id = t->free_list;
        t->free_list = slot_at(t, id)->next_free;
    } else {
        id = t->n_slots++;
        memory_prefault_used(t->prefault, (size_t)t->n_slots * t->slot_size);
        slot_at(t, id)->generation = 0; /* a slot never used before */
    }
    flow_slot *s = slot_at(t, id);
    uint32_t generation = s->generation;
    memset(s, 0, t->slot_size);
    s->id = id;
    s->generation = generation;
    t->lru[id][PREV] = t->lru[id][NEXT] = NIL;
    s->in_use = 1;
    return s;
}

static void slot_free(flow_table *t, flow_slot *s)
{
    if (!t->closed)
        hash_index_remove(&t->index, s->hash, s->id);
    s->in_use = 0;
    s->generation++;
    s->next_free = t->free_list;
    t->free_list = s->id;
    t->stats.in_use--;
}

/* ---- ending pairs ---- */

static void end_pair(flow_table *t, flow_slot *head)
{
    flow_slot *other = head->flow.partner ? slot_of(head->flow.partner) : NULL;
    lru_unlink(t, head);
    flow_slot *both[2] = { head, other };
    for (int i = 0; i < 2; i++)
        if (both[i] && both[i]->pending_frags)
            both[i]->flow.status |= RT_STAT_FRAG_INCOMPLETE;
    if (!other && (head->flow.status & RT_STAT_REPLY))
        t->stats.lone_replies++;
    t->config.on_end(t->config.arg, &head->flow, other ? &other->flow : NULL);
    slot_free(t, head);
    if (other)
        slot_free(t, other);
}

static int64_t pair_last_time(const flow_slot *head)
{
    int64_t last = head->flow.last_time;
    if (head->flow.partner && head->flow.partner->last_time > last)
        last = head->flow.partner->last_time;
    return last;
}

void flow_table_expire(flow_table *t, int64_t now)
{
    while (t->lru_head != NIL) {
        flow_slot *head = slot_at(t, t->lru_head);
        if (now - pair_last_time(head) < t->config.timeout)
            break;
        end_pair(t, head);
    }
}

int flow_table_end_oldest(flow_table *t)
{
    if (t->lru_head == NIL)
        return 0;
    end_pair(t, slot_at(t, t->lru_head));
    return 1;
}

void flow_table_close(flow_table *t)
{
    t->closed = 1;
}

void flow_table_end_all(flow_table *t)
{
    flow_table_close(t);
    while (flow_table_end_oldest(t))
        ;
}

/* Makes room for one direction by evicting the least recently active pair, except `keep`. */
static void evict_one(flow_table *t, const flow_slot *keep)
{
    uint32_t id = t->lru_head;
    if (keep && id == keep->id)
        id = t->lru[keep->id][NEXT];
    if (id == NIL)
        id = t->lru_head;
    flow_slot *head = slot_at(t, id);
    uint32_t n = head->flow.partner ? 2 : 1;
    head->flow.status |= RT_STAT_EVICTED;
    if (head->flow.partner)
        head->flow.partner->status |= RT_STAT_EVICTED;
    t->stats.evicted += n;
    end_pair(t, head);
}

/* ---- keys ---- */

static void key_from_packet(const decoded_packet *dp, rt_flow_key *key)
{
    const rt_packet *pkt = &dp->pkt;
    memset(key, 0, sizeof *key);
    key->vlan = dp->inner_vlan;
    if (pkt->ip_version) {
        size_t alen = pkt->ip_version == 4 ? 4 : 16;
        memcpy(key->src, pkt->src_ip, alen);
        memcpy(key->dst, pkt->dst_ip, alen);
        key->ip_version = pkt->ip_version;
        key->l4_proto = pkt->l4_proto;
        key->src_port = pkt->src_port;
        key->dst_port = pkt->dst_port;
    } else {
        if (pkt->src_mac)
            memcpy(key->src, pkt->src_mac, 6);
        if (pkt->dst_mac)
            memcpy(key->dst, pkt->dst_mac, 6);
        key->eth_type = pkt->eth_type;
    }
}

static void key_reverse(const rt_flow_key *key, rt_flow_key *rev)
{
    *rev = *key;
    memcpy(rev->src, key->dst, sizeof rev->src);
    memcpy(rev->dst, key->src, sizeof rev->dst);
    rev->src_port = key->dst_port;
    rev->dst_port = key->src_port;
}

typedef struct key_match_arg {
    const flow_table *table;
    const rt_flow_key *key;
} key_match_arg;

static int key_match(const void *arg, uint32_t value)
{
    const key_match_arg *m = arg;
    return memcmp(&slot_at(m->table, value)->flow.key, m->key, sizeof *m->key) == 0;
}

static flow_slot *find_key(flow_table *t, const rt_flow_key *key, uint32_t hash)
{
    key_match_arg arg = { t, key };
    uint32_t id = hash_index_find(&t->index, hash, key_match, &arg);
    return id == HASH_INDEX_NONE ? NULL : slot_at(t, id);
}

/* T2-COMPAT §4.2: does the first packet of a direction without partner look like a reply? */
static int looks_like_reply(const rt_packet *pkt)
{
    switch (pkt->l4_proto) {
    case 6: case 17: case 132: case 136: {
        if (!(pkt->flags & RT_PKT_HAS_PORTS) || (pkt->flags & RT_PKT_LATER_FRAGMENT))
            return 0;
        uint16_t sp = pkt->src_port, dp = pkt->dst_port;
        if ((sp < 1024 && sp < dp) || sp == 8080 || sp == 8081 || sp == 8088 || sp == 8089)
            return 1;
        return pkt->l4_proto == 6 && pkt->l4 && pkt->l4_caplen >= 14 && (pkt->l4[13] & 0x12) == 0x12;
    }
    case 1:
        return pkt->ip_version == 4 && pkt->l4 && pkt->l4_caplen >= 1 && pkt->l4[0] == 0;
    case 58:
        return pkt->ip_version == 6 && pkt->l4 && pkt->l4_caplen >= 1 && pkt->l4[0] == 129;
    default:
        return 0;
    }
}

static flow_slot *create_direction(flow_table *t, const rt_flow_key *key, uint32_t hash, const rt_packet *pkt)
{
    rt_flow_key rev;
    key_reverse(key, &rev);
    int self_reverse = memcmp(&rev, key, sizeof rev) == 0;
    flow_slot *partner = self_reverse ? NULL : find_key(t, &rev, hash_bytes(&rev, sizeof rev));
    if (partner && partner->flow.partner)
        partner = NULL;
    if (t->stats.in_use >= t->config.max_directions)
        evict_one(t, partner ? pair_head_of(partner) : NULL);
    if (partner && !partner->in_use)
        partner = NULL; /* evicted after all (table smaller than a pair) */

    flow_slot *s = slot_alloc(t);
    s->hash = hash;
    s->flow.key = *key;
    s->flow.first_time = s->flow.last_time = pkt->time;
    hash_index_insert(&t->index, hash, s->id);
    if (partner) {
        s->flow.partner = &partner->flow;
        partner->flow.partner = &s->flow;
        s->flow.index = partner->flow.index;
        if (!(partner->flow.status & RT_STAT_REPLY))
            s->flow.status |= RT_STAT_REPLY;
    } else {
        s->flow.index = ++t->next_flow_index;
        s->pair_head = 1;
        lru_append(t, s);
        if (looks_like_reply(pkt))
            s->flow.status |= RT_STAT_REPLY;
    }
    if (self_reverse && key->l4_proto == 6)
        s->flow.status |= RT_STAT_SAME_ENDPOINTS;

    flow_table_stats *st = &t->stats;
    st->directions++;
    st->ipv4 += key->ip_version == 4;
    st->ipv6 += key->ip_version == 6;
    st->layer2 += key->ip_version == 0;
    if (++st->in_use > st->peak)
        st->peak = st->in_use;
    return s;
}

/* ---- fragments ---- */

static void frag_key_from_packet(const decoded_packet *dp, frag_key *key)
{
    memset(key, 0, sizeof *key);
    size_t alen = dp->frag_ip_version == 4 ? 4 : 16;
    memcpy(key->src, dp->frag_src, alen);
    memcpy(key->dst, dp->frag_dst, alen);
    key->id = dp->frag_id;
    key->vlan = dp->inner_vlan;
    key->ip_version = dp->frag_ip_version;
    key->proto = dp->frag_proto;
}

static flow_slot *frag_entry_flow(flow_table *t, const frag_entry *e)
{
    if (!e->in_use || e->flow_slot >= t->n_slots)
        return NULL;
    flow_slot *s = slot_at(t, e->flow_slot);
    return s->in_use && s->generation == e->flow_generation ? s : NULL;
}

/* A later fragment: the flow of its first fragment, or NULL (then bit 38 is set). */
static flow_slot *frag_follow(flow_table *t, decoded_packet *dp)
{
    frag_key key;
    frag_key_from_packet(dp, &key);
    frag_entry *e = frag_table_find(&t->frags, &key);
    flow_slot *s = e ? frag_entry_flow(t, e) : NULL;
    if (!s) {
        dp->pkt.status |= RT_STAT_FRAG_FIRST_MISSING;
        return NULL;
    }
    if (dp->frag_offset != e->next_offset)
        dp->pkt.status |= RT_STAT_FRAG_SEQ_ERR;
    /* §3.4: a later fragment shows its first fragment's header stack (which goes deeper than
     * the later fragment itself when a tunnel's outer header was fragmented) */
    dp->pkt.hdrdesc_id = e->hdrdesc_id;
    dp->pkt.hdrdesc = rt_hdrdesc_string(e->hdrdesc_id, &dp->pkt.hdrdesc_len);
    dp->pkt.num_hdrs = e->num_hdrs;
    e->next_offset = dp->frag_offset + dp->frag_data_len;
    if (!dp->frag_more) {
        frag_table_remove(&t->frags, e);
        if (s->pending_frags)
            s->pending_frags--;
    }
    return s;
}

/* A first fragment: remember its datagram for the later fragments. */
static void frag_remember(flow_table *t, const decoded_packet *dp, flow_slot *s)
{
    frag_key key;
    frag_key_from_packet(dp, &key);
    frag_entry *e = frag_table_find(&t->frags, &key);
    if (e) {
        flow_slot *old = frag_entry_flow(t, e);
        if (old && old->pending_frags)
            old->pending_frags--;
    } else {
        frag_entry evicted;
        e = frag_table_add(&t->frags, &key, &evicted);
        flow_slot *old = frag_entry_flow(t, &evicted);
        if (old && old->pending_frags)
            old->pending_frags--;
    }
    e->flow_slot = s->id;
    e->flow_generation = s->generation;
    e->next_offset = dp->frag_data_len;
    e->hdrdesc_id = dp->pkt.hdrdesc_id;
    e->num_hdrs = dp->pkt.num_hdrs;
    if (s->pending_frags < UINT16_MAX)
        s->pending_frags++;
}

rt_flow *flow_table_lookup(flow_table *t, decoded_packet *dp, int *created)
{
    const rt_packet *pkt = &dp->pkt;
    *created = 0;
    if (pkt->flags & RT_PKT_LATER_FRAGMENT) {
        flow_slot *s = frag_follow(t, dp);
        if (s)
            return &s->flow;
    }
    rt_flow_key key;
    key_from_packet(dp, &key);
    uint32_t hash = hash_bytes(&key, sizeof key);
    flow_slot *s = find_key(t, &key, hash);
    if (!s) {
        s = create_direction(t, &key, hash, pkt);
        *created = 1;
    }
    if ((pkt->flags & (RT_PKT_FRAGMENT | RT_PKT_LATER_FRAGMENT)) == RT_PKT_FRAGMENT && dp->frag_more)
        frag_remember(t, dp, s);
    return &s->flow;
}

const flow_table_stats *flow_table_get_stats(const flow_table *t)
{
    return &t->stats;
}

void flow_table_get_memory(const flow_table *t, flow_table_memory *out)
{
    out->slot_bytes = t->slot_size;
    out->index_bytes = ((size_t)t->index.mask + 1) * sizeof *t->index.entries;
    out->frag_bytes = (size_t)t->frags.size * sizeof *t->frags.entries
                      + ((size_t)t->frags.index.mask + 1) * sizeof *t->frags.index.entries;
}
