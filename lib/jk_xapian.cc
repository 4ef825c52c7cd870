// jk_xapian.cc: the extern "C" shim over libxapian (see jk_xapian.h):
// databases, documents and queries; searching is in jk_xapian_search.cc.
//
// With it, the only C++ in jikenbo. Every entry point runs its body inside
// JK_TRY / JK_CATCH (jk_xapian_int.hh), which turns any exception into a
// jk_code and a tagged message: most-derived Xapian errors first, then
// Xapian::Error, std::bad_alloc, std::exception and finally "...". No C++
// type appears in the header.

#include "jk_xapian.h"
#include "jk_xapian_int.hh"

#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace
{

// Matches exactly the given documents (sorted, distinct), with no weight.
class DocidSource : public Xapian::PostingSource
{
  public:
    explicit DocidSource(std::vector<Xapian::docid> ids) : ids_(std::move(ids)) {}
    Xapian::doccount get_termfreq_min() const override
    {
        return 0;
    }
    Xapian::doccount get_termfreq_est() const override
    {
        return ids_.size();
    }
    Xapian::doccount get_termfreq_max() const override
    {
        return ids_.size();
    }
    void init(const Xapian::Database &db) override
    {
        at_ = BEFORE;
        end_ = std::upper_bound(ids_.begin(), ids_.end(), db.get_lastdocid()) - ids_.begin();
    }
    void next(double) override
    {
        at_ = at_ == BEFORE ? 0 : at_ + 1;
    }
    void skip_to(Xapian::docid did, double) override
    {
        if (at_ == BEFORE)
            at_ = 0;
        while (at_ < end_ && ids_[at_] < did)
            ++at_;
    }
    bool at_end() const override
    {
        return at_ != BEFORE && at_ >= end_;
    }
    Xapian::docid get_docid() const override
    {
        return ids_[at_];
    }
    Xapian::PostingSource *clone() const override
    {
        return new DocidSource(ids_);
    }
    std::string get_description() const override
    {
        return "DocidSource(" + std::to_string(ids_.size()) + " documents)";
    }
    // Serialisable, so that a query with it can be copied for another
    // thread (jk_xquery_copy): the ids as 4 bytes each, little-endian.
    std::string name() const override
    {
        return "jikenbo.DocidSource";
    }
    std::string serialise() const override
    {
        std::string s(ids_.size() * 4, '\0');
        for (size_t i = 0; i < ids_.size(); i++)
            for (size_t b = 0; b < 4; b++)
                s[i * 4 + b] = static_cast<char>(ids_[i] >> (8 * b) & 0xff);
        return s;
    }
    Xapian::PostingSource *unserialise(const std::string &s) const override
    {
        if (s.size() % 4)
            throw Xapian::SerialisationError("DocidSource: not a list of ids");
        std::vector<Xapian::docid> ids(s.size() / 4);
        for (size_t i = 0; i < ids.size(); i++)
            for (size_t b = 0; b < 4; b++)
                ids[i] |= static_cast<Xapian::docid>(static_cast<unsigned char>(s[i * 4 + b]))
                          << (8 * b);
        return new DocidSource(std::move(ids));
    }

  private:
    static constexpr size_t BEFORE = static_cast<size_t>(-1);
    std::vector<Xapian::docid> ids_;
    size_t at_ = BEFORE, end_ = 0;
};

std::string fit(const char *term, size_t len)
{
    char buf[JK_XTERM_MAX + 1];
    size_t n = jk_xterm_fit(term, len, buf);
    return std::string(buf, n);
}

std::string fit(const char *term)
{
    return fit(term, std::strlen(term));
}

/* The first line of check's report that is neither a table's name nor its
 * "checked OK". */
std::string first_fault(const std::string &report)
{
    std::istringstream in(report);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty() && line.back() != ':' && line.find("checked OK") == std::string::npos)
            return line;
    return "no description";
}

} // namespace

char *dup_bytes(const std::string &s)
{
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p)
        throw std::bad_alloc();
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

int jk_xapian_fail(jk_error *err, int code, const char *where, const Xapian::Error &e)
{
    int sys = errno; // first: the system error of a failed write, if any
    const char *why = e.get_error_string();
    // Under DB_DANGEROUS (scratch shards) a failed write makes Xapian call
    // cancel(), which throws this instead: the write's errno is what is left.
    // (errno is cleared before such a write; only a write's own errors count.)
    if (std::strstr(e.get_msg().c_str(), "not supported under Xapian::DB_DANGEROUS")) {
        bool io = sys == ENOSPC || sys == EDQUOT || sys == EFBIG || sys == EIO || sys == EROFS;
        return jk_error_set(err, code, "[xapian][%s] writing a scratch shard failed: %s", where,
                            io ? std::strerror(sys) : "Xapian does not say why");
    }
    return jk_error_set(err, code, "[xapian][%s] %s: %s%s%s%s", where, e.get_type(),
                        e.get_msg().c_str(), why ? " (" : "", why ? why : "", why ? ")" : "");
}

int jk_xapian_lock_code(const Xapian::DatabaseLockError &e)
{
    return e.get_msg().find(": already locked") != std::string::npos ? JK_ELOCKED : JK_EIO;
}

extern "C" {

size_t jk_xterm_fit(const char *term, size_t len, char *buf)
{
    if (len <= JK_XTERM_MAX) {
        std::memcpy(buf, term, len);
        buf[len] = '\0';
        return len;
    }
    uint64_t h = 1469598103934665603ULL; // FNV-1a 64
    for (size_t i = 0; i < len; i++) {
        h ^= static_cast<unsigned char>(term[i]);
        h *= 1099511628211ULL;
    }
    size_t keep = JK_XTERM_MAX - 17;
    while (keep > 0 && (static_cast<unsigned char>(term[keep]) & 0xC0) == 0x80)
        keep--; // do not cut a UTF-8 sequence
    std::memcpy(buf, term, keep);
    static const char hex[] = "0123456789abcdef";
    buf[keep] = '#';
    for (int i = 0; i < 16; i++)
        buf[keep + 1 + i] = hex[(h >> (60 - 4 * i)) & 0xF];
    buf[keep + 17] = '\0';
    return keep + 17;
}

/* ---- databases ---- */

/* Xapian 1.4 keeps the postings added to a writable database in memory until
 * it has seen XAPIAN_FLUSH_THRESHOLD documents (10,000 unless set), the only
 * knob it has; inside a transaction it then writes them into the tables'
 * free blocks, still uncommitted (readers, a cancel and a crash all keep the
 * last commit). The default held a whole 10,000-notice file in memory (296
 * MB); every JK_XDB_FLUSH_DOCS it stays near 100 MB, no slower. The
 * environment is read when a writer opens; a value the user set stays. */
#define JK_XSTR_(x) #x
#define JK_XSTR(x) JK_XSTR_(x)
static void set_flush_threshold()
{
    setenv("XAPIAN_FLUSH_THRESHOLD", JK_XSTR(JK_XDB_FLUSH_DOCS), 0);
}

int jk_xdb_open(jk_xdb **out, const char *path, jk_xdb_mode mode, jk_error *err)
{
    static std::once_flag flush_once;

    *out = NULL;
    JK_TRY
    std::unique_ptr<jk_xdb> db(new jk_xdb());
    if (mode == JK_XDB_WRITE || mode == JK_XDB_WRITE_SCRATCH) {
        int flags = Xapian::DB_CREATE_OR_OPEN;
        std::call_once(flush_once, set_flush_threshold);
        if (mode == JK_XDB_WRITE_SCRATCH)
            flags |= Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS;
        db->scratch = mode == JK_XDB_WRITE_SCRATCH;
        db->wr = new Xapian::WritableDatabase(path, flags);
        db->rd = db->wr;
    } else {
        db->wr = NULL;
        db->rd = new Xapian::Database(path);
    }
    db->in_txn = false;
    *out = db.release();
    return JK_OK;
    JK_CATCH(err, "open")
}

void jk_xdb_free(jk_xdb *db)
{
    if (!db)
        return;
    try {
        if (db->wr) {
            if (db->in_txn)
                db->wr->cancel_transaction();
            db->wr->close();
        }
    } catch (...) {
        // Closing must not throw; the index stays at its last commit.
    }
    if (db->wr)
        delete db->wr;
    else
        delete db->rd;
    delete db;
}

int jk_xdb_reopen(jk_xdb *db, jk_error *err)
{
    JK_TRY
    db->rd->reopen();
    return JK_OK;
    JK_CATCH(err, "reopen")
}

static int need_writer(jk_xdb *db, jk_error *err, const char *where)
{
    if (!db->wr)
        return jk_error_set(err, JK_EINVAL, "[xapian][%s] index opened read-only", where);
    return JK_OK;
}

int jk_xdb_begin(jk_xdb *db, jk_error *err)
{
    JK_TRY
    int rc = need_writer(db, err, "begin");
    if (rc)
        return rc;
    db->wr->begin_transaction(true);
    db->in_txn = true;
    return JK_OK;
    JK_CATCH(err, "begin")
}

int jk_xdb_commit(jk_xdb *db, jk_error *err)
{
    JK_TRY
    int rc = need_writer(db, err, "commit");
    if (rc)
        return rc;
    if (!db->scratch)
        bits_refresh(db); // in the transaction: committed with it or not at all
    db->in_txn = false;
    db->wr->commit_transaction();
    return JK_OK;
    JK_CATCH(err, "commit")
}

int jk_xdb_cancel(jk_xdb *db, jk_error *err)
{
    JK_TRY
    int rc = need_writer(db, err, "cancel");
    if (rc)
        return rc;
    if (db->in_txn) {
        db->in_txn = false;
        db->wr->cancel_transaction();
        db->touched = 0;
    }
    return JK_OK;
    JK_CATCH(err, "cancel")
}

int jk_xdb_flush(jk_xdb *db, jk_error *err)
{
    JK_TRY
    int rc = need_writer(db, err, "flush");
    if (rc)
        return rc;
    db->wr->commit();
    return JK_OK;
    JK_CATCH(err, "flush")
}

int jk_xdb_check(const char *path, jk_error *err)
{
    std::ostringstream report;
    try {
        size_t faults = Xapian::Database::check(path, 0, &report);
        if (faults == 0)
            return JK_OK;
        return jk_error_set(err, JK_ECORRUPT, "Xapian's check found %zu fault%s, the first: %s",
                            faults, faults == 1 ? "" : "s", first_fault(report.str()).c_str());
    } catch (const std::bad_alloc &) {
        return jk_error_set(err, JK_ENOMEM, "[xapian][check] out of memory");
    } catch (const Xapian::DatabaseOpeningError &e) { // gone, or not ours to read
        return jk_xapian_fail(err, JK_EIO, "check", e);
    } catch (const Xapian::Error &e) {
        return jk_xapian_fail(err, JK_ECORRUPT, "check", e);
    } catch (const std::exception &e) {
        return jk_error_set(err, JK_ECORRUPT, "[xapian][check] %s", e.what());
    } catch (...) {
        return jk_error_set(err, JK_ECORRUPT, "[xapian][check] unknown exception");
    }
}

int jk_xdb_bitmaps(jk_xdb *db, unsigned *out, jk_error *err)
{
    *out = 0;
    JK_TRY
    if (db->wr)
        return jk_error_set(err, JK_EINVAL, "[xapian][bitmaps] a reader's, not a writer's");
    *out = static_cast<unsigned>(bits_info(db).terms.size());
    return JK_OK;
    JK_CATCH(err, "bitmaps")
}

int jk_xdb_bitmaps_check(jk_xdb *db, jk_error *err)
{
    JK_TRY
    if (db->wr)
        return jk_error_set(err, JK_EINVAL, "[xapian][bitmaps] a reader's, not a writer's");
    const std::string fault = bits_verify(db);
    if (!fault.empty())
        return jk_error_set(err, JK_ECORRUPT, "%s", fault.c_str());
    return JK_OK;
    JK_CATCH(err, "bitmaps_check")
}

int jk_xdb_doccount(jk_xdb *db, unsigned *out, jk_error *err)
{
    JK_TRY
    *out = db->rd->get_doccount();
    return JK_OK;
    JK_CATCH(err, "doccount")
}

int jk_xdb_revision(jk_xdb *db, unsigned long *rev, unsigned *lastdocid, jk_error *err)
{
    JK_TRY
    *rev = static_cast<unsigned long>(db->rd->get_revision());
    *lastdocid = db->rd->get_lastdocid();
    return JK_OK;
    JK_CATCH(err, "revision")
}

int jk_xdb_get_metadata(jk_xdb *db, const char *key, char **out, jk_error *err)
{
    *out = NULL;
    JK_TRY
    std::string v = db->rd->get_metadata(key);
    if (!v.empty())
        *out = dup_bytes(v);
    return JK_OK;
    JK_CATCH(err, "get_metadata")
}

int jk_xdb_metadata_each(jk_xdb *db, const char *prefix, jk_xdb_meta_cb cb, void *payload,
                         jk_error *err)
{
    JK_TRY
    std::vector<std::pair<std::string, std::string>> kv;
    for (Xapian::TermIterator it = db->rd->metadata_keys_begin(prefix);
         it != db->rd->metadata_keys_end(prefix); ++it)
        kv.emplace_back(*it, db->rd->get_metadata(*it));
    for (const auto &p : kv) {
        int rc = cb(p.first.c_str(), p.second.c_str(), payload);
        if (rc)
            return rc;
    }
    return JK_OK;
    JK_CATCH(err, "metadata_each")
}

int jk_xdb_set_metadata(jk_xdb *db, const char *key, const char *value, jk_error *err)
{
    JK_TRY
    int rc = need_writer(db, err, "set_metadata");
    if (rc)
        return rc;
    db->wr->set_metadata(key, value ? value : "");
    return JK_OK;
    JK_CATCH(err, "set_metadata")
}

int jk_xdb_find_unique(jk_xdb *db, const char *unique_term, unsigned *out, jk_error *err)
{
    *out = 0;
    JK_TRY
    std::string t = fit(unique_term);
    Xapian::PostingIterator it = db->rd->postlist_begin(t);
    if (it != db->rd->postlist_end(t))
        *out = *it;
    return JK_OK;
    JK_CATCH(err, "find_unique")
}

int jk_xdb_replace(jk_xdb *db, const char *unique_term, const jk_xdoc *doc, unsigned *out,
                   jk_error *err)
{
    JK_TRY
    int rc = need_writer(db, err, "replace");
    if (rc)
        return rc;
    errno = 0; // as in jk_xdb_add
    Xapian::docid id = db->wr->replace_document(fit(unique_term), doc->doc);
    bits_touch(db, id);
    if (out)
        *out = id;
    return JK_OK;
    JK_CATCH(err, "replace")
}

int jk_xdb_add(jk_xdb *db, const jk_xdoc *doc, unsigned *out, jk_error *err)
{
    JK_TRY
    int rc = need_writer(db, err, "add");
    if (rc)
        return rc;
    errno = 0; // what a failed write leaves is then its own (jk_xapian_fail())
    Xapian::docid id = db->wr->add_document(doc->doc);
    bits_touch(db, id);
    if (out)
        *out = id;
    return JK_OK;
    JK_CATCH(err, "add")
}

int jk_xdb_delete(jk_xdb *db, const char *unique_term, jk_error *err)
{
    JK_TRY
    int rc = need_writer(db, err, "delete");
    if (rc)
        return rc;
    const std::string t = fit(unique_term);
    Xapian::PostingIterator p = db->wr->postlist_begin(t);
    if (p != db->wr->postlist_end(t))
        bits_touch(db, *p);
    db->wr->delete_document(t);
    return JK_OK;
    JK_CATCH(err, "delete")
}

int jk_xdb_get_document(jk_xdb *db, unsigned docid, jk_xdoc **out, jk_error *err)
{
    *out = NULL;
    JK_TRY
    std::unique_ptr<jk_xdoc> d(new jk_xdoc());
    d->doc = db->rd->get_document(docid);
    *out = d.release();
    return JK_OK;
    JK_CATCH(err, "get_document")
}

int jk_xdb_postings(jk_xdb *db, const char *term, jk_xdocid_cb cb, void *payload, jk_error *err)
{
    JK_TRY
    std::string t = fit(term);
    for (Xapian::PostingIterator it = db->rd->postlist_begin(t); it != db->rd->postlist_end(t);
         ++it) {
        int rc = cb(*it, payload);
        if (rc)
            return rc;
    }
    return JK_OK;
    JK_CATCH(err, "postings")
}

int jk_xdb_values(jk_xdb *db, unsigned slot, jk_xvalue_cb cb, void *payload, jk_error *err)
{
    JK_TRY
    for (Xapian::ValueIterator it = db->rd->valuestream_begin(slot);
         it != db->rd->valuestream_end(slot); ++it) {
        const std::string v = *it;
        int rc = cb(it.get_docid(), v.data(), v.size(), payload);
        if (rc)
            return rc;
    }
    return JK_OK;
    JK_CATCH(err, "values")
}

int jk_xdb_set_value(jk_xdb *db, unsigned docid, unsigned slot, const char *val, size_t len,
                     jk_error *err)
{
    JK_TRY
    int rc = need_writer(db, err, "set_value");
    if (rc)
        return rc;
    // A document read from the database and changed only in its values is
    // written back without its terms being touched, so the term bitmaps
    // stay as they are.
    Xapian::Document doc = db->wr->get_document(docid);
    doc.add_value(slot, std::string(val, len));
    errno = 0; // as in jk_xdb_add
    db->wr->replace_document(docid, doc);
    return JK_OK;
    JK_CATCH(err, "set_value")
}

int jk_xdb_termfreq(jk_xdb *db, const char *term, unsigned *out, jk_error *err)
{
    JK_TRY
    *out = db->rd->get_termfreq(fit(term));
    return JK_OK;
    JK_CATCH(err, "termfreq")
}

int jk_xdb_allterms(jk_xdb *db, const char *prefix, jk_xterm_cb cb, void *payload, jk_error *err)
{
    JK_TRY
    std::string p = prefix ? prefix : "";
    for (Xapian::TermIterator it = db->rd->allterms_begin(p); it != db->rd->allterms_end(p); ++it) {
        const std::string t = *it;
        int rc = cb(t.data(), t.size(), it.get_termfreq(), payload);
        if (rc)
            return rc;
    }
    return JK_OK;
    JK_CATCH(err, "allterms")
}

int jk_xdb_compact(const char *dest, const char *const *sources, size_t n, jk_error *err)
{
    JK_TRY
    Xapian::Database all;
    for (size_t i = 0; i < n; i++)
        all.add_database(Xapian::Database(sources[i]));
    all.compact(dest);
    return JK_OK;
    JK_CATCH(err, "compact")
}

/* ---- documents ---- */

int jk_xdoc_new(jk_xdoc **out, jk_error *err)
{
    *out = NULL;
    JK_TRY
    *out = new jk_xdoc();
    return JK_OK;
    JK_CATCH(err, "doc_new")
}

void jk_xdoc_free(jk_xdoc *doc)
{
    delete doc;
}

int jk_xdoc_add_posting(jk_xdoc *doc, const char *term, size_t len, unsigned pos, unsigned wdfinc,
                        jk_error *err)
{
    JK_TRY
    doc->doc.add_posting(fit(term, len), pos, wdfinc);
    return JK_OK;
    JK_CATCH(err, "add_posting")
}

int jk_xdoc_add_term(jk_xdoc *doc, const char *term, size_t len, unsigned wdfinc, jk_error *err)
{
    JK_TRY
    doc->doc.add_term(fit(term, len), wdfinc);
    return JK_OK;
    JK_CATCH(err, "add_term")
}

int jk_xdoc_add_boolean_term(jk_xdoc *doc, const char *term, jk_error *err)
{
    JK_TRY
    doc->doc.add_boolean_term(fit(term));
    return JK_OK;
    JK_CATCH(err, "add_boolean_term")
}

int jk_xdoc_remove_term(jk_xdoc *doc, const char *term, jk_error *err)
{
    JK_TRY
    std::string t = fit(term);
    Xapian::TermIterator it = doc->doc.termlist_begin();
    it.skip_to(t);
    if (it != doc->doc.termlist_end() && *it == t)
        doc->doc.remove_term(t);
    return JK_OK;
    JK_CATCH(err, "remove_term")
}

int jk_xdoc_set_value(jk_xdoc *doc, unsigned slot, const char *val, size_t len, jk_error *err)
{
    JK_TRY
    doc->doc.add_value(slot, std::string(val, len));
    return JK_OK;
    JK_CATCH(err, "set_value")
}

int jk_xdoc_get_value(const jk_xdoc *doc, unsigned slot, char **out, size_t *len, jk_error *err)
{
    *out = NULL;
    if (len)
        *len = 0;
    JK_TRY
    std::string v = doc->doc.get_value(slot);
    if (!v.empty())
        *out = dup_bytes(v);
    if (len)
        *len = v.size();
    return JK_OK;
    JK_CATCH(err, "get_value")
}

int jk_xdoc_set_data(jk_xdoc *doc, const char *data, size_t len, jk_error *err)
{
    JK_TRY
    doc->doc.set_data(std::string(data, len));
    return JK_OK;
    JK_CATCH(err, "set_data")
}

int jk_xdoc_get_data(const jk_xdoc *doc, char **out, size_t *len, jk_error *err)
{
    *out = NULL;
    JK_TRY
    std::string v = doc->doc.get_data();
    *out = dup_bytes(v);
    if (len)
        *len = v.size();
    return JK_OK;
    JK_CATCH(err, "get_data")
}

int jk_xdoc_terms(const jk_xdoc *doc, jk_xterm_cb cb, void *payload, jk_error *err)
{
    JK_TRY
    for (Xapian::TermIterator it = doc->doc.termlist_begin(); it != doc->doc.termlist_end(); ++it) {
        const std::string t = *it;
        int rc = cb(t.data(), t.size(), it.get_wdf(), payload);
        if (rc)
            return rc;
    }
    return JK_OK;
    JK_CATCH(err, "doc_terms")
}

/* ---- queries ---- */

static Xapian::Query::op map_op(jk_xop op)
{
    switch (op) {
    case JK_XOP_AND:
        return Xapian::Query::OP_AND;
    case JK_XOP_OR:
        return Xapian::Query::OP_OR;
    case JK_XOP_AND_NOT:
        return Xapian::Query::OP_AND_NOT;
    case JK_XOP_AND_MAYBE:
        return Xapian::Query::OP_AND_MAYBE;
    case JK_XOP_FILTER:
        return Xapian::Query::OP_FILTER;
    case JK_XOP_PHRASE:
        return Xapian::Query::OP_PHRASE;
    case JK_XOP_NEAR:
        return Xapian::Query::OP_NEAR;
    case JK_XOP_SYNONYM:
        return Xapian::Query::OP_SYNONYM;
    case JK_XOP_MAX:
        return Xapian::Query::OP_MAX;
    }
    throw Xapian::InvalidArgumentError("unknown jk_xop");
}

int jk_xquery_term(jk_xquery **out, const char *term, size_t len, unsigned wqf, unsigned pos,
                   jk_error *err)
{
    *out = NULL;
    JK_TRY
    *out = new jk_xquery{Xapian::Query(fit(term, len), wqf ? wqf : 1, pos)};
    return JK_OK;
    JK_CATCH(err, "query_term")
}

// Whether a and b share no term: a term in both would weigh otherwise (by
// its count in the query, wqf) in the whole than in either alone.
static bool disjoint_terms(const Xapian::Query &a, const Xapian::Query &b)
{
    std::set<std::string> in_a(a.get_unique_terms_begin(), a.get_unique_terms_end());
    for (Xapian::TermIterator t = b.get_unique_terms_begin(); t != b.get_unique_terms_end(); ++t)
        if (in_a.count(*t))
            return false;
    return true;
}

// The subqueries' queries, op applied, with subs[k]'s replaced by with.
static Xapian::Query combine_with(jk_xop op, jk_xquery *const *subs, size_t n, unsigned window,
                                  size_t k, const Xapian::Query &with)
{
    std::vector<Xapian::Query> v;
    v.reserve(n);
    for (size_t i = 0; i < n; i++)
        v.push_back(i == k ? with : subs[i]->q);
    return Xapian::Query(map_op(op), v.begin(), v.end(), window);
}

// Sets r's weightless, split, word and related (jk_xapian_int.hh) from its
// subqueries: a split survives an operator whose weight is the sum of its
// subqueries' (AND, OR, AND_MAYBE's left) when every other subquery weighs
// nothing, and the left side of one that weighs only that side (FILTER,
// AND_NOT); a word and its related words joined by OP_MAX make one.
static void split_combined(jk_xquery *r, jk_xop op, jk_xquery *const *subs, size_t n,
                           unsigned window)
{
    size_t nsplit = 0, k = 0, nweightless = 0;
    for (size_t i = 0; i < n; i++) {
        if (subs[i]->split) {
            nsplit++;
            k = i;
        }
        nweightless += subs[i]->weightless;
    }
    if (n == 0)
        return;
    switch (op) {
    case JK_XOP_MAX:
        if (n >= 2 && nsplit == 0 && !subs[0]->weightless) {
            Xapian::Query rel =
                n == 2 ? subs[1]->q : combine_with(op, subs + 1, n - 1, window, n, {});
            if (disjoint_terms(subs[0]->q, rel)) {
                r->split = true;
                r->word = subs[0]->q;
                r->related = rel;
            }
        }
        return;
    case JK_XOP_AND:
    case JK_XOP_OR:
    case JK_XOP_AND_MAYBE:
        r->weightless = nweightless == n;
        if (nsplit != 1 || nweightless != n - 1 || (op == JK_XOP_AND_MAYBE && k != 0))
            return;
        break;
    case JK_XOP_FILTER:
    case JK_XOP_AND_NOT:
        r->weightless = subs[0]->weightless;
        if (!subs[0]->split)
            return;
        k = 0;
        break;
    default: // phrases, nearness and synonyms weigh otherwise
        return;
    }
    r->split = true;
    r->word = combine_with(op, subs, n, window, k, subs[k]->word);
    r->related = combine_with(op, subs, n, window, k, subs[k]->related);
}

int jk_xquery_combine(jk_xquery **out, jk_xop op, jk_xquery *const *subs, size_t n, unsigned window,
                      jk_error *err)
{
    *out = NULL;
    JK_TRY
    std::unique_ptr<jk_xquery> r(
        new jk_xquery{combine_with(op, subs, n, window, n, Xapian::Query())});
    split_combined(r.get(), op, subs, n, window);
    *out = r.release();
    return JK_OK;
    JK_CATCH(err, "query_combine")
}

int jk_xquery_value_range(jk_xquery **out, unsigned slot, const char *lo, const char *hi,
                          jk_error *err)
{
    *out = NULL;
    JK_TRY
    Xapian::Query q;
    if (lo && hi)
        q = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi);
    else if (lo)
        q = Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo);
    else if (hi)
        q = Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi);
    else
        q = Xapian::Query::MatchAll;
    *out = new jk_xquery{q};
    return JK_OK;
    JK_CATCH(err, "query_value_range")
}

int jk_xquery_scale(jk_xquery **out, const jk_xquery *sub, double factor, jk_error *err)
{
    *out = NULL;
    JK_TRY
    // A weightless term that indexes every document, once a delete has left a
    // gap in the ids, makes Xapian 1.4.22 fail its match ("Unexpected end of
    // posting list") if its posting list has several chunks; the same term as
    // what filters all documents does not (test_xapian).
    Xapian::Query q = factor == 0.0
                          ? Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll, sub->q)
                          : sub->q;
    std::unique_ptr<jk_xquery> r(
        new jk_xquery{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, factor)});
    r->weightless = factor == 0.0 || sub->weightless;
    if (!r->weightless && sub->split) {
        r->split = true;
        r->word = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, sub->word, factor);
        r->related = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, sub->related, factor);
    }
    *out = r.release();
    return JK_OK;
    JK_CATCH(err, "query_scale")
}

int jk_xquery_wildcard(jk_xquery **out, const char *prefix, jk_error *err)
{
    *out = NULL;
    JK_TRY
    *out = new jk_xquery{Xapian::Query(Xapian::Query::OP_WILDCARD, fit(prefix), 0,
                                       Xapian::Query::WILDCARD_LIMIT_ERROR,
                                       Xapian::Query::OP_SYNONYM)};
    return JK_OK;
    JK_CATCH(err, "query_wildcard")
}

int jk_xquery_match_all(jk_xquery **out, jk_error *err)
{
    *out = NULL;
    JK_TRY
    *out = new jk_xquery{Xapian::Query::MatchAll};
    return JK_OK;
    JK_CATCH(err, "query_match_all")
}

int jk_xquery_docids(jk_xquery **out, const unsigned *ids, size_t n, jk_error *err)
{
    *out = NULL;
    JK_TRY
    std::vector<Xapian::docid> v(ids, ids + n);
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    DocidSource *src = new DocidSource(std::move(v));
    *out = new jk_xquery{Xapian::Query(src->release())};
    return JK_OK;
    JK_CATCH(err, "query_docids")
}

int jk_xquery_match_nothing(jk_xquery **out, jk_error *err)
{
    *out = NULL;
    JK_TRY
    *out = new jk_xquery{Xapian::Query::MatchNothing};
    return JK_OK;
    JK_CATCH(err, "query_match_nothing")
}

int jk_xquery_copy(jk_xquery **out, const jk_xquery *q, jk_error *err)
{
    *out = NULL;
    JK_TRY
    Xapian::Registry reg; // Xapian's own and jikenbo's posting sources
    reg.register_posting_source(DocidSource({}));
    std::unique_ptr<jk_xquery> c(new jk_xquery{Xapian::Query::unserialise(q->q.serialise(), reg)});
    c->weightless = q->weightless;
    if (q->split) {
        c->split = true;
        c->word = Xapian::Query::unserialise(q->word.serialise(), reg);
        c->related = Xapian::Query::unserialise(q->related.serialise(), reg);
    }
    *out = c.release();
    return JK_OK;
    JK_CATCH(err, "query_copy")
}

int jk_xquery_describe(const jk_xquery *q, char **out, jk_error *err)
{
    *out = NULL;
    JK_TRY
    *out = dup_bytes(q->q.get_description());
    return JK_OK;
    JK_CATCH(err, "query_describe")
}

int jk_xquery_is_empty(const jk_xquery *q)
{
    return q->q.empty();
}

void jk_xquery_free(jk_xquery *q)
{
    delete q;
}

/* ---- Xapian's own text processing ---- */

int jk_xdoc_index_cjk(jk_xdoc *doc, const char *text, size_t len, jk_error *err)
{
    JK_TRY
    Xapian::TermGenerator tg;
    tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    tg.set_document(doc->doc);
    tg.index_text(std::string(text, len));
    return JK_OK;
    JK_CATCH(err, "index_cjk")
}

int jk_xquery_parse_cjk(jk_xquery **out, const char *text, jk_error *err)
{
    *out = NULL;
    JK_TRY
    Xapian::QueryParser qp;
    qp.set_default_op(Xapian::Query::OP_AND);
    *out = new jk_xquery{qp.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT |
                                                  Xapian::QueryParser::FLAG_CJK_NGRAM)};
    return JK_OK;
    JK_CATCH(err, "parse_cjk")
}

} // extern "C"
