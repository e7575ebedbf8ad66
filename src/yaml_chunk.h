/* yaml_chunk.h - libyaml events packed into chunks: the form in which a
 * parse thread (yaml_stream.c) or a part's parser (yaml_split.c) hands its
 * events to the one reader.  A chunk holds events packed into one buffer
 * (a cg_ychunk_pev header, then the anchor, tag and value, each
 * NUL-terminated), so the parsing thread can delete each libyaml event as
 * soon as it is packed and the reader reads one contiguous buffer. */
#ifndef CG_YAML_CHUNK_H
#define CG_YAML_CHUNK_H

#include <stdint.h>
#include <string.h>
#include <yaml.h>

#define CG_YCHUNK_BYTES (256u << 10)   /* a chunk is published at this size */

/* The header of a packed event. */
enum {
    CG_YAML_PEV_ANCHOR = 1, CG_YAML_PEV_TAG = 2, CG_YAML_PEV_IMPLICIT = 4,
    CG_YAML_PEV_PLAIN_IMPLICIT = 8, CG_YAML_PEV_QUOTED_IMPLICIT = 16
};
typedef struct cg_ychunk_pev {
    uint8_t type, style, flags, pad;
    uint32_t line, col;            /* 0-based, saturated */
    uint32_t vlen;                 /* scalar length, saturated (far past the value limit) */
} cg_ychunk_pev;

/* A chunk's status: more chunks follow, the stream ended, or parsing
 * failed after its last event. */
enum { CG_YCHUNK_MORE, CG_YCHUNK_END, CG_YCHUNK_ERROR };

/* A chunk of packed events. */
typedef struct cg_ychunk {
    char *buf;
    size_t len, cap;
    int status;           /* the stream ended, or parsing failed, after its last event */
} cg_ychunk;

/* Packed events start at multiples of 4: the offset where the next one
 * starts, for an event whose bytes end at off. */
static inline size_t cg_ychunk_align(size_t off)
{
    return (off + 3) & ~(size_t)3;
}

/* Appends ev to chunk c in packed form (its buffer grows as needed). */
void cg_ychunk_pack(cg_ychunk *c, const yaml_event_t *ev);

/* Reads the packed event at *pos in c into *ev (pointing into the chunk). */
static inline void cg_ychunk_unpack(const cg_ychunk *c, size_t *pos, yaml_event_t *ev)
{
    cg_ychunk_pev h;
    memcpy(&h, c->buf + *pos, sizeof h);
    const char *p = c->buf + *pos + sizeof h;
    unsigned char *anc = NULL, *tag = NULL, *value = NULL;
    if (h.flags & CG_YAML_PEV_ANCHOR) { anc = (unsigned char *)p; p += strlen(p) + 1; }
    if (h.flags & CG_YAML_PEV_TAG) { tag = (unsigned char *)p; p += strlen(p) + 1; }
    if (h.type == YAML_SCALAR_EVENT) { value = (unsigned char *)p; p += h.vlen + 1; }
    *pos = cg_ychunk_align((size_t)(p - c->buf));
    memset(ev, 0, sizeof *ev);
    ev->type = (yaml_event_type_t)h.type;
    ev->start_mark.line = h.line;
    ev->start_mark.column = h.col;
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        ev->data.scalar.anchor = anc;
        ev->data.scalar.tag = tag;
        ev->data.scalar.value = value;
        ev->data.scalar.length = (size_t)h.vlen;
        ev->data.scalar.style = (yaml_scalar_style_t)h.style;
        ev->data.scalar.plain_implicit = !!(h.flags & CG_YAML_PEV_PLAIN_IMPLICIT);
        ev->data.scalar.quoted_implicit = !!(h.flags & CG_YAML_PEV_QUOTED_IMPLICIT);
        break;
    case YAML_ALIAS_EVENT:
        ev->data.alias.anchor = anc;
        break;
    case YAML_SEQUENCE_START_EVENT:
        ev->data.sequence_start.anchor = anc;
        ev->data.sequence_start.tag = tag;
        ev->data.sequence_start.style = (yaml_sequence_style_t)h.style;
        ev->data.sequence_start.implicit = !!(h.flags & CG_YAML_PEV_IMPLICIT);
        break;
    case YAML_MAPPING_START_EVENT:
        ev->data.mapping_start.anchor = anc;
        ev->data.mapping_start.tag = tag;
        ev->data.mapping_start.style = (yaml_mapping_style_t)h.style;
        ev->data.mapping_start.implicit = !!(h.flags & CG_YAML_PEV_IMPLICIT);
        break;
    default:
        break;
    }
}

#endif
