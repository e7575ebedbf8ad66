/* yaml_chunk.c - packing libyaml events into chunks (yaml_chunk.h). */
#include "yaml_chunk.h"

#include <stdlib.h>
#include "util.h"

static uint32_t ychunk_sat32(size_t v)
{
    return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* See yaml_chunk.h. */
void cg_ychunk_pack(cg_ychunk *c, const yaml_event_t *ev)
{
    cg_ychunk_pev h;
    memset(&h, 0, sizeof h);
    h.type = (uint8_t)ev->type;
    h.line = ychunk_sat32(ev->start_mark.line);
    h.col = ychunk_sat32(ev->start_mark.column);
    const unsigned char *anc = NULL, *tag = NULL, *value = NULL;
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        anc = ev->data.scalar.anchor;
        tag = ev->data.scalar.tag;
        value = ev->data.scalar.value;
        h.vlen = ychunk_sat32(ev->data.scalar.length);
        h.style = (uint8_t)ev->data.scalar.style;
        if (ev->data.scalar.plain_implicit) h.flags |= CG_YAML_PEV_PLAIN_IMPLICIT;
        if (ev->data.scalar.quoted_implicit) h.flags |= CG_YAML_PEV_QUOTED_IMPLICIT;
        break;
    case YAML_ALIAS_EVENT:
        anc = ev->data.alias.anchor;
        break;
    case YAML_SEQUENCE_START_EVENT:
        anc = ev->data.sequence_start.anchor;
        tag = ev->data.sequence_start.tag;
        h.style = (uint8_t)ev->data.sequence_start.style;
        if (ev->data.sequence_start.implicit) h.flags |= CG_YAML_PEV_IMPLICIT;
        break;
    case YAML_MAPPING_START_EVENT:
        anc = ev->data.mapping_start.anchor;
        tag = ev->data.mapping_start.tag;
        h.style = (uint8_t)ev->data.mapping_start.style;
        if (ev->data.mapping_start.implicit) h.flags |= CG_YAML_PEV_IMPLICIT;
        break;
    case YAML_DOCUMENT_END_EVENT:
        if (ev->data.document_end.implicit) h.flags |= CG_YAML_PEV_IMPLICIT;   /* for the split's check */
        break;
    default:
        break;
    }
    size_t alen = anc ? strlen((const char *)anc) : 0;
    size_t tlen = tag ? strlen((const char *)tag) : 0;
    if (anc) h.flags |= CG_YAML_PEV_ANCHOR;
    if (tag) h.flags |= CG_YAML_PEV_TAG;
    size_t need = sizeof h + (anc ? alen + 1 : 0) + (tag ? tlen + 1 : 0) + (value ? (size_t)h.vlen + 1 : 0);
    need = cg_ychunk_align(need);
    if (c->cap - c->len < need) {
        size_t ncap = c->cap ? c->cap : CG_YCHUNK_BYTES + 1024;
        while (ncap - c->len < need) ncap *= 2;
        c->buf = cg_xrealloc(c->buf, ncap);
        c->cap = ncap;
    }
    char *p = c->buf + c->len;
    memcpy(p, &h, sizeof h);
    p += sizeof h;
    if (anc) { memcpy(p, anc, alen + 1); p += alen + 1; }
    if (tag) { memcpy(p, tag, tlen + 1); p += tlen + 1; }
    if (value) { memcpy(p, value, h.vlen); p[h.vlen] = '\0'; }
    c->len += need;
}
