/* commands.c - the command table: each command's name, arguments, clauses,
 * help text and handler function (the handlers live in cmd_facts.c,
 * cmd_analysis.c and cmd_session.c); the help topics; `help` itself; the
 * word lists Tab completion reads.  Adding a command is one entry here plus
 * its function. */
#include "command.h"

#include <string.h>
#include <strings.h>

#define B(c) CG_CLAUSE_BIT(CG_CL_##c)
#define DATES (B(SINCE) | B(UNTIL))

const cg_command cg_commands[] = {
    { "help", 0, 0, 1, 0, 0, "help [COMMAND|TOPIC]", "the commands, or one command or topic in detail",
      "Without an argument, lists the commands and topics.  With one, explains\n"
      "it.  Topics: via, dates, where, with, formats, diff, clauses.\n"
      "Examples:\n  help\n  help path\n  help dates\n", cmd_help },
    { "stats", 0, 0, 0, 0, 1, "stats",
      "counts: nodes, edges, sources, components, per kind, per type",
      "Rows of key and value: nodes, edges, sources, components (weakly\n"
      "connected, all edges), then kind:KIND for each kind in use and\n"
      "type:TYPE for each edge type in use, each sorted by name.\n"
      "Columns: key, value.\n", cmd_stats },
    { "nodes", 0, 0, -1, B(WHERE) | B(WITH), 2, "nodes [KIND...] [where KEY OP VALUE[,...]] [with KEY,...|all]",
      "nodes, by id",
      "Lists nodes sorted by id, only those of the KINDs when given.\n"
      "`where KEY OP VALUE` keeps the nodes whose attribute KEY compares so\n"
      "with VALUE; OP is = != < <= > >= or ~ (see `help where`); several\n"
      "conditions, separated by commas, must all hold.  KEY may also be id,\n"
      "kind, name or alias (= on name and alias ignores case).\n"
      "`with KEY,...` adds attribute columns (and aliases); `with all` every\n"
      "attribute a listed node has, sorted by key (see `help with`).\n"
      "Columns: id, kind, name (then with's).\n"
      "Examples:\n  nodes senator\n  nodes where party=D\n  nodes where age>=40 with age, aliases\n"
      "  nodes company, agency > actors.dot\n", cmd_nodes },
    { "edges", 0, 0, -1, B(FROM) | B(TO) | DATES | B(SOURCE) | B(WHERE) | B(WITH), 2,
      "edges [TYPE...] [from NODE] [to NODE] [source ID,...] [since DATE] [until DATE] [where KEY OP VALUE[,...]] [with KEY,...|all]",
      "edges in date order (undated last), then by from, type, to",
      "Lists edges, only those of the TYPEs when given, from / to the given\n"
      "nodes, whose date interval reaches into since..until (undated edges are\n"
      "standing relations and always kept).  Sorted by date (undated last),\n"
      "then from, type, to.  `source ID,...` keeps the edges citing any of\n"
      "those sources.  `where KEY OP VALUE` (OP: = != < <= > >= ~) keeps the\n"
      "edges whose attribute, or type, date, from, to or source, compares so\n"
      "(see `help where`).  `with KEY,...|all` adds attribute columns.\n"
      "Columns: from, type, to, date, source (then with's).\n"
      "Examples:\n  edges subpoenaed\n  edges from mccaskill since 2017\n  edges source stlpr-2017-08\n"
      "  edges where note~raid with note\n  edges where date>=2017-06, date<2018\n", cmd_edges },
    { "show", 0, 0, 1, B(SOURCE) | B(WITH), 2, "show NODE | show source ID [with KEY,...|all]", "a node's or a source's fields and its edges",
      "Two tables: key and value (id, kind, name, aliases, attributes in file\n"
      "order, defined: where the node is defined), then its edges in both\n"
      "directions in the columns of `edges`.  A source (`show source ID`, or\n"
      "`show ID` when no node has that id: nodes and sources are separate\n"
      "namespaces) shows its id, title, publisher, date, url, file, note and\n"
      "other fields, then the edges that cite it.  In json one object\n"
      "{\"node\": {...}, \"edges\": [...]} (or \"source\"); in tsv and csv one\n"
      "table with a `part` column (node or source rows, then edge rows).\n"
      "`with KEY,...|all` adds edge attribute columns to the edges table.\n"
      "Examples:\n  show \"Claire McCaskill\"\n  show source stlpr-2017-08\n  show backpage with note\n", cmd_show },
    { "neighbors", 0, 1, 1, B(DEPTH) | B(VIA) | B(IN) | B(OUT) | B(BOTH) | DATES | B(KIND) | B(WITH) | B(CHRONOLOGICAL), 2,
      "neighbors NODE [depth N] [via TYPE,...] [in|out|both] [since DATE] [until DATE] [kind KIND,...] [chronological] [with KEY,...|all]",
      "nodes within N hops (default 1), by distance then id",
      "Breadth-first from NODE over the edges the filters allow: `out` follows\n"
      "edges from -> to, `in` against, `both` (the default) either way.  The\n"
      "node itself is not listed; `kind` limits which nodes are listed (the\n"
      "walk goes through every node).  depth is 1 to 1000000.  `with KEY,...|all`\n"
      "adds node attribute columns.\n"
      "`chronological`: only what a time-respecting walk reaches (each event\n"
      "no earlier than the one before it; see `help dates`, `help path`):\n"
      "distance is the fewest hops of such a walk, and a column `earliest`\n"
      "gives the earliest clock any such walk arrives with, as the date of the\n"
      "edge that set it (empty when none did).  With `in`, time runs backwards\n"
      "(what could have led to NODE): the clock starts at the end of time (or\n"
      "`until`) and the column is `latest`.\n"
      "Columns: id, kind, name, distance (, earliest | latest) (then with's).\n"
      "Examples:\n  neighbors backpage\n  neighbors mccaskill depth 2 via subpoenaed,sued out\n"
      "  neighbors backpage depth 3 in chronological\n", cmd_neighbors },
    { "path", 0, 2, 2, B(VIA) | B(DIRECTED) | DATES | B(ALL) | B(WITH) | B(CHRONOLOGICAL), 2,
      "path FROM TO [via TYPE,...] [directed] [since DATE] [until DATE] [all] [chronological] [with KEY,...|all]",
      "a shortest path (fewest hops); all: every shortest path",
      "Fewest hops from FROM to TO over the edges the filters allow, direction\n"
      "ignored unless `directed`.  Among equal-length paths, the one whose\n"
      "sequence of node ids is smallest.  Each hop lists one edge between its\n"
      "nodes: the earliest dated, undated last, then by type; dir is -> when\n"
      "the edge points along the path, <- against it.  No path: an empty\n"
      "result and `no path` on standard error.  `all` lists every shortest\n"
      "path (at most 1000) in that order, numbered in a `path` column.\n"
      "`chronological`: the fewest-hop time-respecting path.  A clock starts at\n"
      "the beginning of time (or `since`); a hop over an edge whose date covers\n"
      "[s, e] (2017 is all of 2017) may be taken when e is not before the\n"
      "clock, and moves the clock to the later of the clock and s.  Undated\n"
      "edges are standing relations: always usable, the clock stays.  Ties as\n"
      "above; each hop's edge is the one leaving the earliest clock, then by\n"
      "type, then file order.  With `all`, every such path (at most 1000).\n"
      "`with KEY,...|all` adds the hop edges' attribute columns.\n"
      "Columns: (path,) hop, from, to, type, dir, date, source (then with's).\n"
      "Examples:\n  path mccaskill backpage\n  path \"Claire McCaskill\" backpage directed all\n"
      "  path mccaskill backpage chronological\n", cmd_path },
    { "centrality", 0, 1, 1,
      B(KIND) | B(VIA) | B(DIRECTED) | DATES | B(NORMALIZED) | B(TOP) | B(ALL) | B(CUTOFF) | B(WITH), 2,
      "centrality METRIC [kind KIND,...] [via TYPE,...] [directed] [since DATE] [until DATE] [normalized] [top N|all] [cutoff N] [with KEY,...|all]",
      "scores, highest first (ties by id); default top 10",
      "METRIC is degree, indegree, outdegree (incident edges, parallel edges\n"
      "each, a self-loop twice), betweenness, closeness, harmonic, pagerank\n"
      "(damping 0.85) or eigenvector (largest 1).  All but the degrees use the\n"
      "graph with parallel edges merged and self-loops dropped, undirected\n"
      "unless `directed`.  `normalized`: degrees / (n-1); betweenness / the\n"
      "number of pairs of other nodes; closeness times the share of the other\n"
      "nodes it reaches; harmonic / (n-1); no effect on pagerank and\n"
      "eigenvector.  `cutoff N` ignores paths longer than N (betweenness,\n"
      "closeness, harmonic).  `kind` limits the listed nodes.  Scores have 6\n"
      "significant digits; ties (equal to 6 digits) are listed by id.\n"
      "Cost: the degrees read each edge once, pagerank and eigenvector a few\n"
      "dozen times (on a million edges, pagerank about 0.4 s, eigenvector\n"
      "about 1 s); betweenness, closeness and harmonic search from every\n"
      "node, O(nodes x edges): 46 s for betweenness on 20,000 nodes and\n"
      "100,000 edges, over an hour on a million.  They show their progress\n"
      "on a terminal, Ctrl-C stops them, and `cutoff 3` keeps each search\n"
      "local (3.6 s on the 100,000 edges).  `with KEY,...|all` adds node\n"
      "attribute columns.\n"
      "Columns: rank, id, kind, name, score (then with's).\n"
      "Examples:\n  centrality degree\n  centrality betweenness normalized top 5\n", cmd_centrality },
    { "components", 0, 0, 0, B(VIA) | DATES | B(TOP) | B(ALL), 2,
      "components [via TYPE,...] [since DATE] [until DATE] [top N|all]",
      "connected components, largest first (ties: smallest member id)",
      "Weakly connected components of the graph the filters leave, largest\n"
      "first, ties by smallest member id; members sorted by id.  Default top 10.\n"
      "Columns: component, size, members.\n"
      "Example:\n  components via sued,subpoenaed all\n", cmd_components },
    { "communities", 0, 0, 1, B(VIA) | DATES | B(TOP) | B(ALL), 2,
      "communities [leiden|louvain|labelprop] [via TYPE,...] [since DATE] [until DATE] [top N|all]",
      "groups of closely tied nodes, largest first; modularity on standard error",
      "Clusters of the graph the filters leave, direction ignored, parallel\n"
      "edges merged, self-loops dropped, unweighted, by igraph's algorithms:\n"
      "  leiden     (the default) Leiden, optimising modularity (resolution 1;\n"
      "             2 iterations, beta 0.01, as python-igraph's defaults)\n"
      "  louvain    multilevel modularity optimisation (Blondel et al.)\n"
      "  labelprop  label propagation (Raghavan et al.)\n"
      "Every run starts from the same random seed, so the same graph gives the\n"
      "same communities.  A node the filters leave without edges is a\n"
      "community of its own.  Largest first, ties by smallest member id;\n"
      "members sorted by id.  `modularity: X` (of the partition found, on the\n"
      "merged graph) goes to standard error, also with -q; `nan (no edges)`\n"
      "when no edge is left.  Default top 10.  On a million edges Leiden takes\n"
      "2 to 3 s of CPU; Ctrl-C stops leiden and louvain (label propagation\n"
      "runs to its end).\n"
      "Columns: community, size, members.\n"
      "Examples:\n  communities\n  communities louvain all\n  communities since 2017 top 3\n", cmd_communities },
    { "match", CG_CMD_CYPHER, 0, -1, 0, 2,
      "match PATTERN[, PATTERN...] [where COND] [since D] [until D] [return [distinct] ITEM [as NAME], ...] [order by ITEM [desc], ...] [skip N] [limit N]",
      "pattern queries: a read-only openCypher subset (kinds as labels, edge types as relationship types)",
      "Finds every way the pattern occurs, as Neo4j, Kuzu or Memgraph would\n"
      "(openCypher): each edge pattern binds a different edge, variable-length\n"
      "segments are trails, nodes may repeat.  Keywords are case-insensitive.\n"
      "  (v:kind|kind {key: value})      a node: every part optional\n"
      "  -[e:type|type {key: value}]->   an edge; also <-[..]-, -[..]- (either\n"
      "                                  direction), -->, <--, --\n"
      "  -[:type*1..3]-                  variable length: * is 1..10, *2, *..3,\n"
      "                                  *2.., *0..2; at most 30\n"
      "  p = (a)-[*1..4]-(b)             a named path\n"
      "  (a)-->(b), (b)-->(c)            patterns joined on shared variables\n"
      "Properties: a node has id, kind, name, aliases and its attributes; an\n"
      "edge type, date (ISO text), source (a list) and its attributes.  where:\n"
      "= <> < <= > >= =~ (POSIX ERE, whole string) in, starts with, ends with,\n"
      "contains, is [not] null, v:kind, and or xor not; null is three-valued.\n"
      "return: expressions, *, distinct, as; functions type labels size length\n"
      "nodes relationships tolower toupper coalesce; aggregates count(*) count\n"
      "collect min max sum avg (each with distinct), grouped by the other items.\n"
      "Without return, every named variable.  since/until keep edges whose date\n"
      "reaches into the range.  > FILE.csv writes the table; > FILE.dot (and the\n"
      "other graph formats) the nodes and edges behind the rows.  At most\n"
      "1,000,000 rows held (to sort, group, make distinct or print).  Not in the\n"
      "subset: create merge set delete remove, optional match, with, unwind,\n"
      "call, union, subqueries, parameters, arithmetic.  See `help clauses` for\n"
      "the other commands' clauses; README: Pattern queries.\n"
      "Examples:\n"
      "  match (s:senator)-[:accused]->(c:company) return s.name, c.name\n"
      "  match (ag:attorney_general)-[r:sued|investigated]->(c:company)<-[:subpoenaed]-(k:committee) return ag.name, type(r), k.name\n"
      "  match (s:senator)-[a:accused]->(:company {id: 'backpage'}) return s.name, count(*) as n, min(a.date) as first order by n desc\n"
      "  match p = (h {id: 'hawley'})-[:sued|investigated*1..2]-(c:company) return c.id, length(p), p\n", cmd_match },
    { "timeline", 0, 0, 1, B(VIA) | DATES | B(WITH), 2,
      "timeline [NODE] [via TYPE,...] [since DATE] [until DATE] [with KEY,...|all]",
      "dated edges in date order (of NODE, or all)",
      "Dated edges (of NODE in either direction, or all) in date order, then\n"
      "from, type, to.  `with note` shows each fact's evidence beside it;\n"
      "`with KEY,...|all` adds any edge attribute columns.\n"
      "Columns: date, from, type, to, source (then with's).\n"
      "Examples:\n  timeline backpage since 2016 until 2018\n  timeline backpage with note\n", cmd_timeline },
    { "sources", 0, 0, 0, B(WITH), 1, "sources [with KEY,...|all]", "the sources and how many edges cite each",
      "Sources by id with the number of edges citing each.  `with url, note`\n"
      "(also file, and any other field of a source) adds those columns;\n"
      "`with all` every one a source has, sorted by key.\n"
      "Columns: id, title, publisher, date, edges (then with's).\n", cmd_sources },
    { "lint", 0, 0, 0, 0, 1, "lint", "what a fact-checker would flag: unsourced, single-source and undated edges, uncited sources, isolated nodes, likely duplicates",
      "One row per finding, in this order of checks, each sorted by subject:\n"
      "  no-source           an edge citing no source (only this, not also\n"
      "                      single-source)\n"
      "  single-source       an edge resting on one source (the detail names it)\n"
      "  undated             an edge without a date\n"
      "  uncited-source      a source no edge cites (the detail is its title)\n"
      "  isolated-node       a node with no edge (a self-loop is an edge)\n"
      "  possible-duplicate  two nodes whose names or aliases are equal after\n"
      "                      folding case, accents and punctuation, or one edit\n"
      "                      apart (a character inserted, deleted or changed, or\n"
      "                      two adjacent ones swapped) when both have at least\n"
      "                      8 characters and the same digits; one row per pair\n"
      "An edge's subject is `from -type-> to` and its detail FILE:LINE; edges\n"
      "are sorted by from id, type, to id, then file order, sources and nodes\n"
      "by id, pairs by the smaller id, then the other.  A clean graph gives\n"
      "no rows.\n"
      "Columns: check, subject, detail.\n"
      "Examples:\n  lint\n  lint > findings.csv\n", cmd_lint },
    { "find", 0, 1, 2, 0, 2, "find TEXT [regex]", "every field that holds TEXT (case and accents ignored): nodes, edges, sources",
      "One row per field that holds TEXT, ignoring case and accents (hawley\n"
      "finds Hawl\xc3\xa9y; Latin, Greek and Cyrillic letters; curly quotes match\n"
      "straight ones).  Searched: a node's id, name, aliases and attributes;\n"
      "an edge's type, date and attributes (note...); a source's id, title,\n"
      "publisher, url and note.  TEXT is plain text: quote it when it has\n"
      "spaces; . * [ ( are themselves.  `regex`: TEXT is a POSIX extended\n"
      "regular expression (also ignoring case and accents), matched anywhere\n"
      "in the value (anchor it with ^ and $).  Sorted by what (nodes, edges,\n"
      "sources), id (an edge's is `from -type-> to`), field.  `> FILE` writes\n"
      "the nodes and edges found.\n"
      "Columns: what, id, field, text (the whole value).\n"
      "Examples:\n  find trafficking\n  find \"Senate Permanent\"\n  find \"^back(page)?$\" regex\n", cmd_find },
    { "connect", 0, 2, -1, B(VIA) | B(DIRECTED) | DATES | B(DEPTH) | B(WITH), 2,
      "connect NODE NODE [NODE...] [via TYPE,...] [directed] [since DATE] [until DATE] [depth N] [with KEY,...|all]",
      "how a set of actors is tied together: the union of the shortest paths between every pair",
      "The connecting network of the NODEs: every shortest path between every\n"
      "pair of them (over the edges the filters allow, direction ignored unless\n"
      "`directed`, then a path from either one to the other), of at most\n"
      "`depth` hops (default 6; 1 to 1000000).  Listed as edges in `edges`\n"
      "order: every allowed edge between consecutive nodes of those paths, each\n"
      "once.  A pair with no such path is named on standard error.  `> FILE`\n"
      "draws it (the edges, their ends and every NODE asked about).  At most\n"
      "1000 NODEs; one given twice counts once.  `with KEY,...|all` adds edge\n"
      "attribute columns.\n"
      "Columns: from, type, to, date, source (then with's).\n"
      "Examples:\n  connect hawley mccaskill backpage\n  connect hawley backpage psi > ring.svg\n", cmd_connect },
    { "paths", 0, 2, 2, B(MAXHOPS) | B(AVOID) | B(VIA) | B(DIRECTED) | DATES | B(CHRONOLOGICAL) | B(WITH), 2,
      "paths FROM TO [maxhops N] [avoid NODE,...] [via TYPE,...] [directed] [since DATE] [until DATE] [chronological] [with KEY,...|all]",
      "every simple path up to N hops (default 4), shortest first, then by id sequence",
      "Every simple path from FROM to TO (its nodes all different; parallel\n"
      "edges do not make two paths) of at most `maxhops` hops (default 4; 1 to\n"
      "1000), through none of the `avoid` nodes, over the edges the filters\n"
      "allow (direction ignored unless `directed`).  Fewest hops first, then\n"
      "by the sequence of node ids; each hop lists one edge as `path` does.\n"
      "`chronological`: time-respecting paths only (see `help path`); each\n"
      "hop's edge is the one leaving the earliest clock.  At most 1000 paths\n"
      "(standard error says so when there were more); Ctrl-C stops it.  Over\n"
      "10 hops the search first bounds its work and refuses, with an error,\n"
      "when it could meet more than 20,000,000 partial paths.\n"
      "`with KEY,...|all` adds the hop edges' attribute columns.\n"
      "Columns: path, hop, from, to, type, dir, date, source (then with's).\n"
      "Examples:\n  paths hawley backpage\n  paths hawley backpage maxhops 3 avoid psi\n"
      "  paths mccaskill backpage chronological\n", cmd_paths },
    { "common", 0, 2, 2, B(VIA) | B(DIRECTED) | DATES, 2,
      "common NODE NODE [via TYPE,...] [directed] [since DATE] [until DATE]",
      "the neighbours two nodes share, with the edge types on each side",
      "The nodes joined to both NODEs by an edge the filters allow (either\n"
      "direction; with `directed`, the nodes both have an edge to), the two\n"
      "themselves excluded, by id.  types_a and types_b list the types of the\n"
      "edges joining each one to the first and to the second NODE.  `> FILE`\n"
      "draws the two, the shared neighbours and those edges.\n"
      "Columns: id, kind, name, types_a, types_b.\n"
      "Examples:\n  common hawley mccaskill\n  common hawley mccaskill directed\n", cmd_common },
    { "load", CG_CMD_FILE_ARG, 1, 1, 0, 0, "load FILE", "add a file to the session's graph; on any error nothing changes",
      "Loads the session's files again together with FILE (a YAML file or a\n"
      "directory).  If anything fails, every error is shown and the graph\n"
      "stays as it was.\n", cmd_load },
    { "export", CG_CMD_FILE_ARG | CG_CMD_WRITES, 1, 1, B(FORCE), 0, "export FILE [force]",
      "the whole graph to FILE (format by extension)",
      "Writes the whole graph: .dot/.gv, .graphml, .json, .yaml, or .svg/.png/.pdf\n"
      "(through Graphviz dot).  A file the session loaded is only overwritten\n"
      "with `force`.\n"
      ".html is one self-contained page that opens offline: the diagram with\n"
      "pan and zoom, a search box, a panel of a clicked node's or edge's fields\n"
      "and sources, a time axis of the dated edges and the edges' table.\n"
      "Publishing (help publish): .md (a chronology of the dated edges with\n"
      "footnotes, then a table of the undated ones), .cypher, .neo4j (a directory).\n", cmd_export },
    { "set", 0, 0, 0, B(FORMAT) | B(TIMER) | B(PAGER), 0,
      "set [format table|line|tsv|csv|json] [timer on|off] [pager on|off]",
      "show or change settings",
      "Without arguments, shows the settings.  `format` chooses the output\n"
      "format: table (aligned columns), line (one `key = value` per line, a\n"
      "blank line between rows, as sqlite3's .mode line), tsv, csv or json.\n"
      "`timer on` shows how long each query took (on standard error).\n"
      "On a terminal a table fits its width: long cells are shortened with\n"
      "`…` (never in the other formats, never in a file or pipe), and output\n"
      "longer than the screen goes through $PAGER (default `less -FRX`);\n"
      "`pager off` writes it straight to the terminal.\n"
      "Examples:\n  set format line\n  set pager off\n", cmd_set },
    { "quit", CG_CMD_QUIT, 0, 0, 0, 0, "quit", "leave", "Leaves (so do `exit`, `\\q` and Ctrl-D).\n", NULL },
    { "exit", CG_CMD_QUIT | CG_CMD_UNLISTED, 0, 0, 0, 0, "exit", "leave", "Leaves (so do `quit`, `\\q` and Ctrl-D).\n", NULL },
};
#define COMMANDS_N (sizeof cg_commands / sizeof cg_commands[0])
const size_t cg_ncommands = COMMANDS_N;

static const char *const commands_redirect_help =
    "Any query that lists nodes or edges may end in `> FILE` (`>! FILE` to\n"
    "overwrite a loaded graph file): .dot/.gv, .graphml, .json, .yaml,\n"
    ".svg/.png/.pdf get the result subgraph, .csv/.tsv the result table,\n"
    ".html an interactive page of both (see `help export`); .md, .cypher and\n"
    ".neo4j publish it (help publish).\n";

/* Topics of `help TOPIC` beside the commands (help text is data). */
typedef struct commands_topic {
    const char *name, *summary, *text;
    int clause;               /* > 0: CG_CL_X + 1, whose commands the text ends with */
} commands_topic;

static const commands_topic commands_topics[] = {
    { "via", "keep only some edge types",
      "via TYPE[,TYPE...] keeps only the edges of these types; every other\n"
      "edge is as if it were not there.  Types are the built-in ones and\n"
      "those a graph file declares under `types:`; an unknown type is an error\n"
      "that suggests the closest one.  Give several types with commas (no\n"
      "spaces needed) or one `via` clause listing them.\n"
      "Examples:\n  path hawley psi via investigated,subpoenaed\n"
      "  neighbors backpage depth 2 via sued\n", CG_CL_VIA + 1 },
    { "dates", "partial dates, date order, since and until",
      "A date is YYYY, YYYY-MM or YYYY-MM-DD, and stands for the interval it\n"
      "covers: 2017 is all of 2017, 2017-03 all of March.  Dates sort in the\n"
      "order of their ISO text, so a year comes before its months and a month\n"
      "before its days: 2017, 2017-03, 2017-03-01, 2017-04.\n"
      "`since D` keeps the edges whose interval reaches D or later, `until D`\n"
      "those whose interval reaches D or earlier (both: reaches into the\n"
      "range).  So `since 2017-06` keeps an edge dated 2017, whose year\n"
      "includes June.  Undated edges are standing relations: the filters\n"
      "always keep them, and `timeline` leaves them out.\n"
      "Examples:\n  timeline backpage since 2016 until 2017-06\n"
      "  edges sued since 2017\n", CG_CL_SINCE + 1 },
    { "formats", "table, tsv, csv, json; redirection by extension",
      "Output formats (`set format FMT`, or `-o FMT` on the command line;\n"
      "names in any case):\n"
      "  table  aligned columns for people, then (N rows); on a terminal\n"
      "         long cells are shortened with ... to fit, and long output\n"
      "         goes through $PAGER (set pager off)\n"
      "  line   one key = value per line, a blank line between records\n"
      "  tsv    a header line, then rows; tab, newline and backslash in a\n"
      "         value are written \\t, \\n, \\\\\n"
      "  csv    RFC 4180, header first\n"
      "  json   one JSON value per query on one line: an array of objects\n"
      "         keyed by column (numbers as numbers, missing as null, lists\n"
      "         as arrays; scores in full precision)\n"
      "A list (aliases, several sources) is joined by `,` in table and line,\n"
      "and by `;` in tsv and csv, where a `;` or `\\` inside an item is written\n"
      "`\\;` or `\\\\` (what `casegraph import` reads back).\n"
      "`show` is two tables in table format; in tsv and csv one table with a\n"
      "`part` column (node rows: key, value; edge rows: from ... source), in\n"
      "json one object {\"node\": {...}, \"edges\": [...]}.\n"
      "Redirection (`> FILE`) picks the format by FILE's extension: .csv and\n"
      ".tsv get the result table; .dot/.gv, .graphml, .json, .yaml and\n"
      ".svg/.png/.pdf (through Graphviz) the result subgraph; .html a page with\n"
      "the diagram, the result table and a time axis; .md, .cypher and .neo4j\n"
      "publish it (help publish).\n", 0 },
    { "where", "conditions of nodes and edges: = != < <= > >= ~",
      "where KEY OP VALUE[, KEY OP VALUE...] (nodes, edges): every condition\n"
      "must hold.  OP is one of\n"
      "  =  !=  <  <=  >  >=   compare: as numbers when both sides are numbers\n"
      "                        (the attribute typed so in the graph), else as\n"
      "                        text in code point order, which puts ISO dates\n"
      "                        in date order (2017 < 2017-03 < 2017-03-01)\n"
      "  ~                     contains, ignoring case; plain text, never a\n"
      "                        regular expression\n"
      "The operator ends the key, spaces or not: votes>=5, note~raid,\n"
      "note ~ \"two words\".  An entity without the key satisfies only !=\n"
      "(which is `not =`); a list (aliases, sources) satisfies a condition when\n"
      "one of its items does.  Keys: attributes, and id, kind, name, alias for\n"
      "nodes; type, date, from, to, source for edges (= on name and alias\n"
      "ignores case, on kind and type ASCII case).  A final `> FILE` whose FILE\n"
      "ends in an export extension (.csv, .json, .dot, ...) is always the\n"
      "redirection: `edges where votes > out.csv` writes out.csv (and lacks an\n"
      "operator); `edges where votes>5` compares.\n"
      "Examples:\n  nodes where party=D\n  edges where note~raid, date>=2017\n"
      "  edges where date<2018 > early.csv\n", 0 },
    { "with", "extra columns: attributes of what a query lists",
      "with KEY[,KEY...] adds these attribute columns, after the command's own,\n"
      "in the order given; `with all` adds every attribute one of the listed\n"
      "entities has, sorted by key (after any named ones).  Nodes (nodes,\n"
      "neighbors, centrality) have their attributes and aliases (a list);\n"
      "edges (edges, timeline, path, show) their attributes (note, ...);\n"
      "sources (sources) url, file, note and their other fields.  A key that\n"
      "is already a column is not repeated; one nothing in the graph has is an\n"
      "error.  In json the values are typed as the JSON export types them\n"
      "(numbers, booleans, lists); missing values are null (empty in text).\n"
      "Write `with \"all\"` for an attribute named all.\n"
      "Examples:\n  timeline backpage with note\n  nodes senator with party\n"
      "  sources with url\n  edges with all > edges.csv\n", 0 },
    { "diff", "casegraph diff OLD NEW: what changed between two versions",
      "A subcommand of the shell, not a query:\n"
      "  casegraph [-o FORMAT] diff OLD NEW\n"
      "OLD and NEW are each a graph file, a directory or - (standard input; not\n"
      "both); /dev/null is an empty graph.  One row per difference: change\n"
      "(added, removed, changed), what (graph, kind, type, source, node, edge),\n"
      "id, field, old, new.  An added or removed entity is one row with no\n"
      "field and its object in new or old; a changed one has a row per field\n"
      "(kind, name, aliases, an attribute, a source's title ..., an edge's\n"
      "source, a type's from and to).  An edge is `from -type-> to (date)`; the\n"
      "N-th edge of one identity is `#N` (N > 1), paired in file order.  A\n"
      "value's type counts (5 is not \"5\"); layout, comments, quoting, entry\n"
      "order, alias and source order do not.  Rows are by what, id, field.\n"
      "Exit status 0 the same, 1 they differ, 3 a graph fails to load.\n"
      "A node removed and one added with the same kind and name is noted on\n"
      "standard error as a possible rename.\n"
      "With git:  git show HEAD:graphs/case.yaml | casegraph diff - graphs/case.yaml\n"
      "(see the README's Diff section for git diff and difftool set-ups).\n", 0 },
    { "clauses", "the clauses and the commands that take them", NULL, 0 },
    { "publish", "Markdown chronologies, and the hand-off to Neo4j",
      "Three export formats, for `export FILE` and `> FILE` alike, each written\n"
      "whole or not at all:\n"
      "  .md      Markdown (GitHub-flavoured footnotes).  A timeline is a\n"
      "           chronology: `- 2017-07 — Backpage.com sued Josh Hawley[^1]`,\n"
      "           one line per fact in date order, each footnote citing its\n"
      "           sources (title, publisher, date, url) and the edge's note.\n"
      "           nodes, neighbors, centrality, components: a table of the\n"
      "           nodes; other queries: a table of their edges, with the same\n"
      "           footnotes.  export: the chronology of every dated edge, then\n"
      "           a table of the undated ones.  Graph text is escaped: it\n"
      "           can add no markup, link or HTML.\n"
      "  .cypher  CREATE statements for Neo4j 5 and Memgraph (cypher-shell -f\n"
      "           FILE): label = kind, type = edge type, sources as Source\n"
      "           nodes, values typed; the header gives the constraints.\n"
      "  .neo4j   a directory for `neo4j-admin database import full`: a CSV\n"
      "           file per kind and per edge type, sources.csv, and import.txt\n"
      "           with the command.  An existing directory is replaced only if\n"
      "           casegraph wrote it.\n"
      "Examples:\n  timeline backpage > chronology.md\n  export case.cypher\n"
      "  export case.neo4j\n", 0 },
};

#define COMMANDS_NTOPICS (sizeof commands_topics / sizeof commands_topics[0])

/* `help clauses`: each clause with its argument and its commands. */
static void commands_help_clauses(cg_buf *b)
{
    cg_buf_puts(b, "Clauses follow a command's arguments in any order; keywords are\n"
                   "case-insensitive.  Each clause, what it takes, and its commands:\n");
    for (int c = 0; c < CG_CL_COUNT; c++) {
        const cg_clause_spec *cs = &cg_clause_specs[c];
        cg_buf_printf(b, "  %-11s %s\n", cs->name, cs->arg ? cs->arg : "(a flag)");
        cg_buf_puts(b, "              in:");
        for (size_t i = 0; i < COMMANDS_N; i++)
            if (cg_commands[i].clauses & CG_CLAUSE_BIT(c)) cg_buf_printf(b, " %s", cg_commands[i].name);
        cg_buf_putc(b, '\n');
    }
    cg_buf_puts(b, "See also: help via, help dates, help where, help with, help formats.\n");
}

const char *const *cg_query_command_names(void)
{
    static const char *names[COMMANDS_N + 1];
    for (size_t i = 0; i < COMMANDS_N; i++) names[i] = cg_commands[i].name;
    names[COMMANDS_N] = NULL;
    return names;
}

const cg_command *cg_query_command(const char *name)
{
    return cg_command_find(cg_commands, COMMANDS_N, name);
}

const char *const *cg_query_clause_keywords(void)
{
    static const char *names[CG_CL_COUNT + 1];
    for (int i = 0; i < CG_CL_COUNT; i++) names[i] = cg_clause_specs[i].name;
    names[CG_CL_COUNT] = NULL;
    return names;
}

int cmd_help(qctx *q)
{
    const cg_ast *a = q->ast;
    const cg_command *c = NULL;
    const commands_topic *topic = NULL;
    if (a->npos) {
        c = cg_command_find(cg_commands, COMMANDS_N, a->pos[0]->text);
        for (size_t i = 0; !c && i < COMMANDS_NTOPICS; i++)
            if (strcasecmp(commands_topics[i].name, a->pos[0]->text) == 0) topic = &commands_topics[i];
        if (!c && !topic) {
            const char *names[COMMANDS_N + COMMANDS_NTOPICS];
            for (size_t i = 0; i < COMMANDS_N; i++) names[i] = cg_commands[i].name;
            for (size_t i = 0; i < COMMANDS_NTOPICS; i++) names[COMMANDS_N + i] = commands_topics[i].name;
            char shown[100], sugg[800];
            qargs_shown(a->pos[0]->text, shown, sizeof shown);
            size_t nsugg = qargs_suggest(a->pos[0]->text, names, COMMANDS_N + COMMANDS_NTOPICS, sugg, sizeof sugg);
            if (nsugg) cg_error_set(q->err, a->pos[0]->col, "no command or topic '%s'%s", shown, sugg);
            else cg_error_set(q->err, a->pos[0]->col, "no command or topic '%s' (type 'help' for the list)", shown);
            return -1;
        }
    }
    if (topic) {
        cg_buf tb;
        cg_buf_init(&tb);
        if (topic->text) cg_buf_puts(&tb, topic->text);
        else commands_help_clauses(&tb);
        if (topic->clause > 0) {
            /* the commands that take it, from the command table */
            const char *sep = "Commands:";
            for (size_t i = 0; i < COMMANDS_N; i++)
                if (cg_commands[i].clauses & CG_CLAUSE_BIT(topic->clause - 1)) {
                    cg_buf_printf(&tb, "%s %s", sep, cg_commands[i].name);
                    sep = ",";
                }
            cg_buf_puts(&tb, ".\n");
        }
        if (q->s->fmt == CG_OUT_TABLE || q->s->fmt == CG_OUT_LINE) {
            cg_buf_puts(&q->text, tb.data);
        } else {
            static const char *const tcols[] = { "topic", "summary", "help" };
            cg_result_init(&q->res, tcols, 3);
            q->nres = 1;
            cg_cell *row = cg_result_add_row(&q->res);
            cg_cell_text(&row[0], topic->name);
            cg_cell_text(&row[1], topic->summary);
            cg_cell_text(&row[2], cg_result_strdup(&q->res, tb.data));
        }
        cg_buf_destroy(&tb);
        return 0;
    }
    if (q->s->fmt != CG_OUT_TABLE && q->s->fmt != CG_OUT_LINE) {
        static const char *const cols[] = { "command", "usage", "summary", "help" };
        cg_result_init(&q->res, cols, c ? 4 : 3);
        q->nres = 1;
        for (size_t i = 0; i < COMMANDS_N; i++) {
            const cg_command *k = &cg_commands[i];
            if (c && k != c) continue;
            cg_cell *row = cg_result_add_row(&q->res);
            cg_cell_text(&row[0], k->name);
            cg_cell_text(&row[1], k->usage);
            cg_cell_text(&row[2], k->summary);
            if (c) cg_cell_text(&row[3], k->help);
        }
        return 0;
    }
    cg_buf *b = &q->text;
    if (c) {
        cg_buf_printf(b, "usage: %s\n\n%s\n%s", c->usage, c->summary, c->help);
        if (c->redirect == 2)
            cg_buf_printf(b, "\nThe result can be redirected: `> FILE` writes its subgraph (or, for .csv/.tsv, its table).\n");
        return 0;
    }
    cg_buf_puts(b, "Commands (keywords are case-insensitive; NODE is an id, or a quoted id, name or alias):\n");
    for (size_t i = 0; i < COMMANDS_N; i++) {
        const cg_command *k = &cg_commands[i];
        if (k->flags & CG_CMD_UNLISTED) continue;
        const char *u = k->usage;
        if (k->flags & CG_CMD_QUIT) u = "quit, exit";
        size_t w = strlen(u);
        if (w <= 28) cg_buf_printf(b, "  %-28s  %s\n", u, k->summary);
        else cg_buf_printf(b, "  %s\n  %-28s  %s\n", u, "", k->summary);
    }
    cg_buf_printf(b, "\n%s", commands_redirect_help);
    cg_buf_puts(b, "\nTopics:\n");
    for (size_t i = 0; i < COMMANDS_NTOPICS; i++) cg_buf_printf(b, "  %-28s  %s\n", commands_topics[i].name, commands_topics[i].summary);
    cg_buf_puts(b, "Type `help COMMAND` or `help TOPIC` for details.\n");
    return 0;
}
