// jk_xapian_int.hh: what the files of the Xapian shim share (C++ only,
// never included from C): the handles behind jk_xapian.h's opaque types, and
// JK_TRY / JK_CATCH, which every extern "C" entry point wraps its body in.
// jk_xapian.cc holds databases, documents and queries; jk_xapian_search.cc
// searching and counting; jk_xapian_bits.cc the term bitmaps that counting
// reads.
#ifndef JK_XAPIAN_INT_HH
#define JK_XAPIAN_INT_HH

#include "jk_xapian.h"

#include <xapian.h>

#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

// A packed-facet slot's values of the documents a reader searches (all, or
// its range of ids when a search is split), read once per revision: counting
// facets from memory instead of reading the value of each match was a
// quarter of a common word's search time.
struct PackedTable {
    bool loaded = false;
    Xapian::valueno slot = 0;
    Xapian::rev rev = 0;
    Xapian::docid lo = 1, hi = 0; // v[did - lo]; hi 0: to the last document
    std::vector<uint64_t> v;      // the 4 bytes little-endian, bit 32 set when present
};

// Term bitmaps: for the index's most frequent terms (in a tenth of the
// documents or more, at most 1024), a bit per document id, kept in the
// index's metadata in chunks of BITS_CHUNK ids (jk_xapian_bits.cc). Counting
// a search's matches walks them instead of those terms' posting lists
// (jk_xapian_search.cc): decoding the posting lists of 不正, アクセス and
// クレジットカード to count their 24k matches at 100k notices took 3.2 ms
// in one thread. Every commit of a writer (but a scratch shard's) brings
// them up to date and stamps them with the revision it makes; a reader uses
// them only at that revision, so an index written by anything else (an
// older jikenbo, xapian-compact) is counted from its posting lists until the
// next commit rebuilds them.
const Xapian::docid BITS_CHUNK = 8192;

// A reader's view of them, read once per revision.
struct BitsInfo {
    bool loaded = false;
    Xapian::rev rev = 0;
    std::unordered_set<std::string> terms; // empty unless valid at rev
};

struct jk_xdb {
    Xapian::Database *rd;         // always set; for a writer it points at *wr
    Xapian::WritableDatabase *wr; // NULL when read-only
    bool in_txn;
    bool scratch = false;      // a shard: no term bitmaps
    Xapian::docid touched = 0; // the least id added, replaced or deleted since the last commit
    PackedTable packed;        // readers only
    BitsInfo bits;             // readers only
};

// Term bitmaps (see above). Before a writer's commit: rewrites every chunk
// from the one that holds db->touched on (all of them, with the terms chosen
// anew, unless they were valid at the current revision) and stamps them.
void bits_refresh(jk_xdb *db);
// Records that id was added, replaced or deleted.
void bits_touch(jk_xdb *db, Xapian::docid id);
// The terms with bitmaps a reader may use at its current revision.
const BitsInfo &bits_info(jk_xdb *db);
// The first difference between a reader's bitmaps and its posting lists, in
// words ("" for none).
std::string bits_verify(jk_xdb *db);
// Chunk c of term's bitmap into *words (BITS_CHUNK / 64 words, 0 where unset).
void bits_read_chunk(const Xapian::Database &db, const std::string &term, Xapian::docid c,
                     std::vector<uint64_t> *words);

struct jk_xdoc {
    Xapian::Document doc;
};

// A query; and when all its weight is one word's or its related words',
// whichever weighs more (OP_MAX, as jk_query_build.c joins them), times a
// factor, with nothing else in it that weighs (facet filters, negations),
// also q with that OP_MAX replaced by the word alone (word) and by the
// related words alone (related): a page ranked by word alone is q's page
// when its last weight is above all that related can weigh (see "ranking
// without the related words" in jk_xapian_search.cc).
struct jk_xquery {
    explicit jk_xquery(Xapian::Query query) : q(std::move(query)) {}
    Xapian::Query q;
    bool weightless = false; // q adds no weight (scaled by 0)
    bool split = false;      // word and related are set
    Xapian::Query word, related;
};

// s as a malloc'd C string (the caller frees; s may hold NULs); throws
// std::bad_alloc, which JK_CATCH turns into JK_ENOMEM.
char *dup_bytes(const std::string &s);

// Sets err from e (its type, message and errno-derived reason) as code, tagged
// "[xapian][where]"; returns code.
int jk_xapian_fail(jk_error *err, int code, const char *where, const Xapian::Error &e);

// JK_ELOCKED only when another writer holds the lock; a lock file that
// cannot be made (a read-only file system, no file descriptors left) is
// another failure to open, and Xapian's message says which.
int jk_xapian_lock_code(const Xapian::DatabaseLockError &e);

// Every exception as a jk_code and a tagged message: the most-derived Xapian
// errors first, then Xapian::Error, std::bad_alloc, std::exception and "...".
#define JK_TRY try {
#define JK_CATCH(err, where)                                                                       \
    }                                                                                              \
    catch (const Xapian::DatabaseLockError &e)                                                     \
    {                                                                                              \
        return jk_xapian_fail(err, jk_xapian_lock_code(e), where, e);                              \
    }                                                                                              \
    catch (const Xapian::DatabaseModifiedError &e)                                                 \
    {                                                                                              \
        return jk_xapian_fail(err, JK_EMODIFIED, where, e);                                        \
    }                                                                                              \
    catch (const Xapian::DatabaseNotFoundError &e)                                                 \
    {                                                                                              \
        return jk_xapian_fail(err, JK_ENOTFOUND, where, e);                                        \
    }                                                                                              \
    catch (const Xapian::DocNotFoundError &e)                                                      \
    {                                                                                              \
        return jk_xapian_fail(err, JK_ENOTFOUND, where, e);                                        \
    }                                                                                              \
    catch (const Xapian::DatabaseOpeningError &e)                                                  \
    {                                                                                              \
        return jk_xapian_fail(err, JK_EIO, where, e);                                              \
    }                                                                                              \
    catch (const Xapian::Error &e)                                                                 \
    {                                                                                              \
        return jk_xapian_fail(err, JK_EXAPIAN, where, e);                                          \
    }                                                                                              \
    catch (const std::bad_alloc &)                                                                 \
    {                                                                                              \
        return jk_error_set(err, JK_ENOMEM, "[xapian][%s] out of memory", where);                  \
    }                                                                                              \
    catch (const std::exception &e)                                                                \
    {                                                                                              \
        return jk_error_set(err, JK_EXAPIAN, "[xapian][%s] %s", where, e.what());                  \
    }                                                                                              \
    catch (...)                                                                                    \
    {                                                                                              \
        return jk_error_set(err, JK_EXAPIAN, "[xapian][%s] unknown exception", where);             \
    }

#endif
