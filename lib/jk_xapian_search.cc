// jk_xapian_search.cc: the Xapian shim's searching (see jk_xapian.h): the
// best page by Xapian's matcher, and the total and facet counts, from posting
// lists where it can (see "counting from posting lists") or by match spies.

#include "jk_xapian.h"
#include "jk_xapian_int.hh"

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

namespace
{

// Counts labels of one value slot; a value may hold several labels joined by sep.
class LabelSpy : public Xapian::MatchSpy
{
  public:
    LabelSpy(Xapian::valueno slot, char sep) : slot_(slot), sep_(sep) {}
    void operator()(const Xapian::Document &doc, double) override
    {
        const std::string v = doc.get_value(slot_);
        if (v.empty())
            return;
        if (!sep_) {
            ++counts_[v];
            return;
        }
        size_t start = 0;
        while (start <= v.size()) {
            size_t end = v.find(sep_, start);
            if (end == std::string::npos)
                end = v.size();
            if (end > start)
                ++counts_[v.substr(start, end - start)];
            start = end + 1;
        }
    }
    std::string name() const override
    {
        return "jikenbo.LabelSpy";
    }
    const std::map<std::string, unsigned> &counts() const
    {
        return counts_;
    }

  private:
    Xapian::valueno slot_;
    char sep_;
    std::map<std::string, unsigned> counts_;
};

// Matches every document with an id in [lo, hi], with no weight.
class RangeSource : public Xapian::PostingSource
{
  public:
    RangeSource(Xapian::docid lo, Xapian::docid hi) : lo_(lo), hi_(hi) {}
    Xapian::doccount get_termfreq_min() const override
    {
        return 0;
    }
    Xapian::doccount get_termfreq_est() const override
    {
        return hi_ >= lo_ ? hi_ - lo_ + 1 : 0;
    }
    Xapian::doccount get_termfreq_max() const override
    {
        return get_termfreq_est();
    }
    void init(const Xapian::Database &db) override
    {
        last_ = std::min(hi_, db.get_lastdocid());
        at_ = 0;
    }
    void next(double) override
    {
        at_ = at_ ? at_ + 1 : lo_;
    }
    void skip_to(Xapian::docid did, double) override
    {
        at_ = std::max(did, std::max(at_, lo_));
    }
    bool at_end() const override
    {
        return at_ > last_;
    }
    Xapian::docid get_docid() const override
    {
        return at_;
    }
    Xapian::PostingSource *clone() const override
    {
        return new RangeSource(lo_, hi_);
    }
    std::string get_description() const override
    {
        return "RangeSource(" + std::to_string(lo_) + ".." + std::to_string(hi_) + ")";
    }

  private:
    Xapian::docid lo_, hi_, last_ = 0, at_ = 0;
};

// Counts packed facets: one value of 4 bytes per document, into fixed arrays.
class PackedSpy : public Xapian::MatchSpy
{
  public:
    // table: the slot's values (see PackedTable), or NULL to read them
    PackedSpy(Xapian::valueno slot, const PackedTable *table) : slot_(slot), table_(table) {}
    void operator()(const Xapian::Document &doc, double) override
    {
        Xapian::docid did = doc.get_docid();
        uint64_t v;
        if (table_ && did >= table_->lo && did - table_->lo < table_->v.size()) {
            v = table_->v[did - table_->lo];
        } else {
            const std::string s = doc.get_value(slot_);
            v = s.size() < 4 ? 0 : pack(s);
        }
        add(v);
    }
    // counts one document's packed value (as PackedTable holds it): its
    // bit set (the first two bytes) by byte, each byte's bits counted once
    // at the end (bits()): 流出's 80k matches at 100k notices were walked
    // and counted in 1.1-1.7 ms instead of 2.1-2.5 in one thread
    void add(uint64_t v)
    {
        if (!(v >> 32))
            return;
        ++lo_[v & 0xFF];
        ++hi_[(v >> 8) & 0xFF];
        ++a_[(v >> 16) & 0xFF];
        ++b_[(v >> 24) & 0xFF];
    }
    // how many counted documents have each of the bit set's 16 bits
    void bits(unsigned out[16]) const
    {
        for (unsigned i = 0; i < 16; i++)
            out[i] = 0;
        for (unsigned m = 1; m < 256; m++)
            for (unsigned i = 0; i < 8; i++)
                if (m >> i & 1) {
                    out[i] += lo_[m];
                    out[i + 8] += hi_[m];
                }
    }
    static uint64_t pack(const std::string &s)
    {
        return static_cast<uint64_t>(1) << 32 | static_cast<unsigned char>(s[0]) |
               static_cast<unsigned char>(s[1]) << 8 | static_cast<unsigned char>(s[2]) << 16 |
               static_cast<uint64_t>(static_cast<unsigned char>(s[3])) << 24;
    }
    std::string name() const override
    {
        return "jikenbo.PackedSpy";
    }
    unsigned lo_[256] = {0}, hi_[256] = {0}, a_[256] = {0}, b_[256] = {0};

  private:
    Xapian::valueno slot_;
    const PackedTable *table_;
};

// ---- counting from posting lists -------------------------------------------
//
// An exact total makes Xapian's matcher weigh every match and offer it to the
// result heap: 6 ms in one thread for a word in 66k of 100k notices, where
// walking its posting list takes 0.9 ms, and Xapian finds the best page
// alone in 1.6 ms when it may skip what cannot reach the page. So a query of
// terms joined by AND, OR, AND_NOT, FILTER, AND_MAYBE (its left side),
// SYNONYM, MAX and scale factors is counted here, by walking its posting lists
// (or the bitmaps of its frequent terms, jk_xapian_int.hh) in step, while
// Xapian ranks it without counting; anything else (phrases,
// nearness, value ranges, wildcards, posting sources) is counted by Xapian.
// Both count exactly the same documents (tests/test_search.c compares them).

const Xapian::docid WALK_END = static_cast<Xapian::docid>(-1);

// The matching documents of a query, in id order: at() is the current one
// (WALK_END after the last); it starts at the first.
class Walk
{
  public:
    virtual ~Walk() = default;
    Xapian::docid at() const
    {
        return at_;
    }
    virtual void next() = 0;                       // to the next match (none after the last)
    virtual void skip_to(Xapian::docid d) = 0;     // to the first match >= d
    virtual Xapian::doccount estimate() const = 0; // for the order of an AND
    // About how many ids gathering it (lead) steps through one at a time.
    virtual Xapian::doccount steps() const
    {
        return estimate();
    }
    // It will be stepped through from where it is to last (it leads the
    // count, or an AND that does), so an OR may gather its matches at once.
    virtual void lead(Xapian::docid last)
    {
        (void)last;
    }
    // Sets the bits of its matches from where it is to last in bits (a bit
    // per id), leaving it spent, if it can do so faster than step by step;
    // false (and nothing done) if not.
    virtual bool gather(std::vector<std::uint64_t> *bits, Xapian::docid last)
    {
        (void)bits;
        (void)last;
        return false;
    }

  protected:
    Xapian::docid at_ = WALK_END;
};

class TermWalk : public Walk
{
  public:
    TermWalk(const Xapian::Database &db, const std::string &term)
        : it_(db.postlist_begin(term)), end_(db.postlist_end(term)),
          tf_(term.empty() ? db.get_doccount() : db.get_termfreq(term))
    {
        at_ = it_ == end_ ? WALK_END : *it_;
    }
    void next() override
    {
        if (at_ == WALK_END)
            return;
        ++it_;
        at_ = it_ == end_ ? WALK_END : *it_;
    }
    void skip_to(Xapian::docid d) override
    {
        if (at_ >= d)
            return;
        it_.skip_to(d);
        at_ = it_ == end_ ? WALK_END : *it_;
    }
    Xapian::doccount estimate() const override
    {
        return tf_;
    }

  private:
    Xapian::PostingIterator it_, end_;
    Xapian::doccount tf_;
};

// A term's bitmap (jk_xapian_int.hh), read a chunk at a time as the walk
// reaches it.
class BitsWalk : public Walk
{
  public:
    BitsWalk(const Xapian::Database &db, const std::string &term)
        : db_(db), term_(term), tf_(db.get_termfreq(term)), last_(db.get_lastdocid())
    {
        seek(1);
    }
    void next() override
    {
        if (at_ != WALK_END)
            seek(at_ + 1);
    }
    void skip_to(Xapian::docid d) override
    {
        if (at_ < d)
            seek(d);
    }
    Xapian::doccount estimate() const override
    {
        return tf_;
    }
    Xapian::doccount steps() const override
    {
        return 0;
    }
    // a chunk's words at a time
    bool gather(std::vector<std::uint64_t> *bits, Xapian::docid last) override
    {
        Xapian::docid from = at_;
        last = std::min(last, last_);
        for (Xapian::docid c = from / BITS_CHUNK; from <= last && c <= last / BITS_CHUNK; c++) {
            load(c);
            for (size_t i = 0; i < words_.size(); i++) {
                Xapian::docid base = c * BITS_CHUNK + static_cast<Xapian::docid>(i * 64);
                if (base > last)
                    break;
                std::uint64_t w = words_[i];
                if (from > base)
                    w = from - base < 64 ? w & (~std::uint64_t(0) << (from - base)) : 0;
                if (last - base < 63)
                    w &= (std::uint64_t(2) << (last - base)) - 1;
                (*bits)[base / 64] |= w;
            }
        }
        at_ = WALK_END;
        return true;
    }

  private:
    // chunk c into words_, unless it is there
    void load(Xapian::docid c)
    {
        if (!have_ || c != chunk_)
            bits_read_chunk(db_, term_, c, &words_);
        chunk_ = c;
        have_ = true;
    }
    // to the first id from d on that has the term
    void seek(Xapian::docid d)
    {
        for (; d <= last_ && d != WALK_END; d = (d / BITS_CHUNK + 1) * BITS_CHUNK) {
            Xapian::docid c = d / BITS_CHUNK, off = d % BITS_CHUNK;
            load(c);
            size_t w = off / 64;
            std::uint64_t b = words_[w] & (~std::uint64_t(0) << (off % 64));
            while (!b && ++w < words_.size())
                b = words_[w];
            if (b) {
                Xapian::docid id = c * BITS_CHUNK + static_cast<Xapian::docid>(w * 64) +
                                   static_cast<Xapian::docid>(__builtin_ctzll(b));
                at_ = id <= last_ ? id : WALK_END;
                return;
            }
        }
        at_ = WALK_END;
    }
    const Xapian::Database &db_;
    std::string term_;
    Xapian::doccount tf_;
    Xapian::docid last_, chunk_ = 0;
    bool have_ = false;
    std::vector<std::uint64_t> words_;
};

class NothingWalk : public Walk
{
  public:
    void next() override {}
    void skip_to(Xapian::docid) override {}
    Xapian::doccount estimate() const override
    {
        return 0;
    }
};

using Walks = std::vector<std::unique_ptr<Walk>>;

// Kept as a heap by current document, so a word that stands for hundreds of
// longer words (a part of a word, jk_vocab.h) costs log(n) per step. When it
// leads, its kids are walked one after the other into a bitmap of ids
// instead: a word and its related word in 80k of 100k notices took 2.6 ms by
// the heap and 2.1 ms so (walking the two alone: 1.6 ms).
class OrWalk : public Walk
{
  public:
    explicit OrWalk(Walks kids) : kids_(std::move(kids))
    {
        for (auto &k : kids_)
            heap_.push_back(k.get());
        std::make_heap(heap_.begin(), heap_.end(), later);
        settle();
    }
    void lead(Xapian::docid last) override
    {
        if (at_ == WALK_END || !bits_.empty())
            return;
        bits_.assign(static_cast<size_t>(last) / 64 + 1, 0);
        for (auto &k : kids_) {
            k->lead(last);
            if (k->at() == WALK_END || k->gather(&bits_, last))
                continue;
            for (Xapian::docid d = k->at(); d != WALK_END && d <= last; k->next(), d = k->at())
                bits_[d / 64] |= std::uint64_t(1) << (d % 64);
        }
        heap_.clear(); // the kids are spent
        at_ = first_set(at_);
    }
    void next() override
    {
        if (!bits_.empty()) {
            at_ = at_ == WALK_END ? WALK_END : first_set(at_ + 1);
            return;
        }
        Xapian::docid was = at_;
        while (was != WALK_END && heap_.front()->at() == was) {
            std::pop_heap(heap_.begin(), heap_.end(), later);
            heap_.back()->next();
            std::push_heap(heap_.begin(), heap_.end(), later);
        }
        settle();
    }
    void skip_to(Xapian::docid d) override
    {
        if (at_ >= d)
            return;
        if (!bits_.empty()) {
            at_ = first_set(d);
            return;
        }
        while (!heap_.empty() && heap_.front()->at() < d) {
            std::pop_heap(heap_.begin(), heap_.end(), later);
            heap_.back()->skip_to(d);
            std::push_heap(heap_.begin(), heap_.end(), later);
        }
        settle();
    }
    Xapian::doccount estimate() const override
    {
        Xapian::doccount n = 0;
        for (auto &k : kids_)
            n += k->estimate();
        return n;
    }
    Xapian::doccount steps() const override
    {
        Xapian::doccount n = 0;
        for (auto &k : kids_)
            n += k->steps();
        return n;
    }

  private:
    static bool later(const Walk *a, const Walk *b)
    {
        return a->at() > b->at();
    }
    void settle()
    {
        at_ = heap_.empty() ? WALK_END : heap_.front()->at();
    }
    // the first id from d on in bits_ (WALK_END for none)
    Xapian::docid first_set(Xapian::docid d) const
    {
        size_t w = d / 64;
        if (w >= bits_.size())
            return WALK_END;
        std::uint64_t b = bits_[w] & (~std::uint64_t(0) << (d % 64));
        while (!b && ++w < bits_.size())
            b = bits_[w];
        return b ? static_cast<Xapian::docid>(w * 64 + __builtin_ctzll(b)) : WALK_END;
    }
    Walks kids_;
    std::vector<Walk *> heap_;        // min-heap on at(); empty once gathered
    std::vector<std::uint64_t> bits_; // once it leads: the ids it matches
};

class AndWalk : public Walk
{
  public:
    explicit AndWalk(Walks kids) : kids_(std::move(kids))
    {
        // the rarest leads: the others skip to its documents
        std::sort(kids_.begin(), kids_.end(),
                  [](const std::unique_ptr<Walk> &a, const std::unique_ptr<Walk> &b) {
                      return a->estimate() < b->estimate();
                  });
        align(kids_[0]->at());
    }
    void next() override
    {
        kids_[0]->next();
        align(kids_[0]->at());
    }
    void skip_to(Xapian::docid d) override
    {
        if (at_ >= d)
            return;
        kids_[0]->skip_to(d);
        align(kids_[0]->at());
    }
    Xapian::doccount estimate() const override
    {
        return kids_[0]->estimate();
    }
    // The others are skipped to its documents; an OR among them is gathered
    // too when that steps through no more ids than the rarest has: walking
    // and counting メール 誤送信 (メール with the longer words that hold it,
    // mostly term bitmaps, skipped to 誤送信's 15k notices) took 0.8-1.0 ms
    // so and 1.7-2.0 by the OR's heap, in one thread at 100k notices.
    void lead(Xapian::docid last) override
    {
        kids_[0]->lead(last);
        for (size_t i = 1; i < kids_.size(); i++)
            if (kids_[i]->steps() <= kids_[0]->estimate())
                kids_[i]->lead(last);
    }

  private:
    // the first document from d on that every kid has
    void align(Xapian::docid d)
    {
        for (size_t i = 0; d != WALK_END && i < kids_.size();) {
            kids_[i]->skip_to(d);
            if (kids_[i]->at() == d) {
                i++;
            } else {
                d = kids_[i]->at();
                i = 0;
            }
        }
        at_ = d;
    }
    Walks kids_;
};

class AndNotWalk : public Walk
{
  public:
    AndNotWalk(std::unique_ptr<Walk> yes, std::unique_ptr<Walk> no)
        : yes_(std::move(yes)), no_(std::move(no))
    {
        settle();
    }
    void next() override
    {
        yes_->next();
        settle();
    }
    void skip_to(Xapian::docid d) override
    {
        if (at_ >= d)
            return;
        yes_->skip_to(d);
        settle();
    }
    Xapian::doccount estimate() const override
    {
        return yes_->estimate();
    }
    void lead(Xapian::docid last) override
    {
        yes_->lead(last);
    }

  private:
    void settle()
    {
        for (;;) {
            Xapian::docid d = yes_->at();
            if (d == WALK_END)
                break;
            no_->skip_to(d);
            if (no_->at() != d)
                break;
            yes_->next();
        }
        at_ = yes_->at();
    }
    std::unique_ptr<Walk> yes_, no_;
};

// The walk of q, or NULL when q holds something only Xapian's matcher can
// decide (a phrase, nearness, a value range, a posting source, ...); a term
// with a bitmap in bits is walked by it.
std::unique_ptr<Walk> make_walk(const Xapian::Database &db, const BitsInfo &bits,
                                const Xapian::Query &q)
{
    size_t n = q.get_num_subqueries();
    Walks kids;

    switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM: {
        const std::string term = *q.get_terms_begin();
        if (bits.terms.count(term))
            return std::unique_ptr<Walk>(new BitsWalk(db, term));
        return std::unique_ptr<Walk>(new TermWalk(db, term));
    }
    case Xapian::Query::LEAF_MATCH_ALL:
        return std::unique_ptr<Walk>(new TermWalk(db, std::string()));
    case Xapian::Query::LEAF_MATCH_NOTHING:
        return std::unique_ptr<Walk>(new NothingWalk());
    case Xapian::Query::OP_SCALE_WEIGHT:
    case Xapian::Query::OP_AND_MAYBE: // its right side only adds weight
        return n ? make_walk(db, bits, q.get_subquery(0)) : nullptr;
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX: // matches what OR does; only weighs otherwise
    case Xapian::Query::OP_AND_NOT:
        break;
    default:
        return nullptr;
    }
    bool and_like =
        q.get_type() == Xapian::Query::OP_AND || q.get_type() == Xapian::Query::OP_FILTER;
    for (size_t i = 0; i < n; i++) {
        // every document is in every walk: all documents add nothing to an AND
        // (jk_xquery_scale filters through them)
        if (and_like && n > 1 && q.get_subquery(i).get_type() == Xapian::Query::LEAF_MATCH_ALL)
            continue;
        kids.push_back(make_walk(db, bits, q.get_subquery(i)));
        if (!kids.back())
            return nullptr;
    }
    if (kids.empty() && and_like && n > 1) // every side was all documents ("*")
        return std::unique_ptr<Walk>(new TermWalk(db, std::string()));
    n = kids.size();
    if (n == 0)
        return nullptr;
    if (n == 1)
        return std::move(kids[0]);
    switch (q.get_type()) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
        return std::unique_ptr<Walk>(new AndWalk(std::move(kids)));
    case Xapian::Query::OP_AND_NOT: {
        std::unique_ptr<Walk> yes = std::move(kids[0]);
        kids.erase(kids.begin());
        std::unique_ptr<Walk> no(kids.size() == 1
                                     ? std::move(kids[0])
                                     : std::unique_ptr<Walk>(new OrWalk(std::move(kids))));
        return std::unique_ptr<Walk>(new AndNotWalk(std::move(yes), std::move(no)));
    }
    default:
        return std::unique_ptr<Walk>(new OrWalk(std::move(kids)));
    }
}

// db's PackedTable for slot and the ids [lo, hi] (hi 0: all) at its current
// revision, or NULL for a writer.
const PackedTable *packed_table(jk_xdb *db, Xapian::valueno slot, Xapian::docid lo,
                                Xapian::docid hi)
{
    PackedTable &t = db->packed;
    if (db->wr)
        return NULL; // its revision does not move with what it has not committed
    Xapian::rev rev = db->rd->get_revision();
    if (t.loaded && t.slot == slot && t.rev == rev && t.lo == lo && t.hi == hi)
        return &t;
    Xapian::docid last = db->rd->get_lastdocid(), top = hi && hi < last ? hi : last;
    t.loaded = false;
    t.v.assign(top >= lo ? top - lo + 1 : 0, 0);
    Xapian::ValueIterator it = db->rd->valuestream_begin(slot), end = db->rd->valuestream_end(slot);
    if (it != end && lo > 1)
        it.skip_to(lo);
    for (; it != end && it.get_docid() <= top; ++it) {
        const std::string s = *it;
        if (s.size() >= 4)
            t.v[it.get_docid() - lo] = PackedSpy::pack(s);
    }
    t.slot = slot;
    t.rev = rev;
    t.lo = lo;
    t.hi = hi;
    t.loaded = true;
    return &t;
}

// ---- ranking without the related words ------------------------------------
//
// A word's related words join it as OP_MAX(word, related) (jk_query_build.c):
// a notice weighs what the better of the two gives it. Xapian 1.4's OP_MAX
// walks and weighs both sides of every match to the end, never setting one
// aside as AND_MAYBE and OR do: `流出` (52k of 100k notices) with `漏えい`
// (62k) took 4.1 ms to rank, `流出` alone 1.7. But a related word is weighed
// at half the word's and is often the commoner: when a page ranked by the
// word alone ends above the most that the related side can weigh (Xapian's
// bound from its statistics, db-wide), no notice of the related side alone
// can reach that page, and no notice on it weighs more by its related word,
// so it is the whole query's page, weights and order alike. That holds when
// nothing else in the query weighs (jk_xapian_int.hh: a split query), and
// tests/test_xapian.c compares such pages with those of Xapian's matcher.

// The most a query can weigh in db.
double max_weight(const Xapian::Database &db, const Xapian::Query &query,
                  const Xapian::Weight &scheme)
{
    Xapian::Enquire e(db);
    e.set_query(query);
    e.set_weighting_scheme(scheme);
    return e.get_mset(0, 0, 0u).get_max_possible();
}

// Ranks the page by word (q->word, on the reader's range) into *mset; true if
// it is q's page, false (*mset then undefined) if the related side might
// have reached it.
bool rank_alone(const Xapian::Database &db, const jk_xquery *q, const Xapian::Weight &scheme,
                const Xapian::Query &word, const jk_xsearch_opts *opts, Xapian::MSet *mset)
{
    double related = max_weight(db, q->related, scheme);
    if (!(related < max_weight(db, q->word, scheme)))
        return false; // the page could never end above it
    Xapian::Enquire enq(db);
    enq.set_query(word);
    enq.set_weighting_scheme(scheme);
    *mset = enq.get_mset(opts->offset, opts->limit, 0u);
    return mset->size() == opts->limit && (*mset)[opts->limit - 1].get_weight() > related;
}

} // namespace

namespace
{

/* The terms query expansion may choose: no prefixed term, and what the
 * caller's accept allows. */
class ExpandFilter : public Xapian::ExpandDecider
{
  public:
    ExpandFilter(jk_xterm_accept_cb accept, void *payload) : accept_(accept), payload_(payload) {}
    bool operator()(const std::string &term) const override
    {
        if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z'))
            return false;
        return !accept_ || accept_(term.data(), term.size(), payload_) != 0;
    }

  private:
    jk_xterm_accept_cb accept_;
    void *payload_;
};

} // namespace

extern "C" {

/* ---- searching ---- */

struct jk_xmset {
    Xapian::MSet mset;
    unsigned total;
    bool alone; // ranked by the word alone (rank_alone)
    std::vector<std::unique_ptr<LabelSpy>> spies;
    std::unique_ptr<PackedSpy> packed;
};

void jk_xsearch_opts_init(jk_xsearch_opts *opts)
{
    std::memset(opts, 0, sizeof *opts);
    opts->limit = 10;
    opts->sort_slot = -1;
    opts->packed_slot = -1;
}

int jk_xdb_search(jk_xdb *db, const jk_xquery *q, const jk_xsearch_opts *opts, jk_xmset **out,
                  jk_error *err)
{
    *out = NULL;
    JK_TRY
    if (opts->nfacets > JK_XFACETS_MAX)
        return jk_error_set(err, JK_EINVAL, "[xapian][search] too many facets");
    std::unique_ptr<jk_xmset> ms(new jk_xmset());
    Xapian::Enquire enq(*db->rd);
    // the query, on the reader's range of ids when it has one
    auto ranged = [opts](const Xapian::Query &query) {
        if (opts->docid_hi == 0)
            return query;
        return Xapian::Query(
            Xapian::Query::OP_FILTER, query,
            Xapian::Query(
                (new RangeSource(opts->docid_lo ? opts->docid_lo : 1, opts->docid_hi))->release()));
    };
    enq.set_query(ranged(q->q));
    const Xapian::BM25Weight scheme =
        opts->bm25_k1 > 0 || opts->bm25_b > 0
            ? Xapian::BM25Weight(opts->bm25_k1, 0, 1, opts->bm25_b, 0.5)
            : Xapian::BM25Weight();
    enq.set_weighting_scheme(scheme);
    if (opts->min_weight > 0)
        enq.set_cutoff(0, opts->min_weight);
    if (opts->sort_slot >= 0)
        enq.set_sort_by_value_then_relevance(static_cast<Xapian::valueno>(opts->sort_slot),
                                             opts->sort_reverse != 0);
    for (size_t i = 0; i < opts->nfacets; i++) {
        ms->spies.emplace_back(new LabelSpy(opts->facet_slots[i], opts->facet_sep));
        enq.add_matchspy(ms->spies.back().get());
    }
    Xapian::docid lo = opts->docid_hi ? std::max(opts->docid_lo, 1u) : 1;
    const PackedTable *table = NULL;
    std::unique_ptr<Walk> walk;
    if (opts->packed_slot >= 0) {
        Xapian::valueno slot = static_cast<Xapian::valueno>(opts->packed_slot);
        table = packed_table(db, slot, lo, opts->docid_hi);
        ms->packed.reset(new PackedSpy(slot, table));
        // counted here from posting lists when it can be (see Walk)
        if (table && !opts->inexact && !opts->count_by_matcher && opts->sort_slot < 0 &&
            opts->nfacets == 0 && opts->min_weight <= 0)
            walk = make_walk(*db->rd, bits_info(db), q->q);
        if (!walk)
            enq.add_matchspy(ms->packed.get());
    }
    Xapian::doccount all = db->rd->get_doccount();
    if (walk && q->split && opts->limit > 0)
        ms->alone = rank_alone(*db->rd, q, scheme, ranged(q->word), opts, &ms->mset);
    if (!ms->alone)
        ms->mset = enq.get_mset(opts->offset, opts->limit, opts->inexact || walk ? 0 : all);
    ms->total = ms->mset.get_matches_estimated();
    if (walk) {
        Xapian::docid hi = std::min(table->lo + static_cast<Xapian::docid>(table->v.size()) - 1,
                                    opts->docid_hi ? opts->docid_hi : WALK_END);
        unsigned total = 0;
        walk->lead(hi);
        walk->skip_to(lo);
        for (Xapian::docid d = walk->at(); d <= hi && d != WALK_END; walk->next(), d = walk->at()) {
            ms->packed->add(table->v[d - table->lo]);
            total++;
        }
        ms->total = total;
    }
    *out = ms.release();
    return JK_OK;
    JK_CATCH(err, "search")
}

void jk_xmset_free(jk_xmset *ms)
{
    delete ms;
}

unsigned jk_xmset_size(const jk_xmset *ms)
{
    return ms->mset.size();
}

unsigned jk_xmset_total(const jk_xmset *ms)
{
    return ms->total;
}

int jk_xmset_ranked_alone(const jk_xmset *ms)
{
    return ms->alone;
}

unsigned jk_xmset_docid(const jk_xmset *ms, unsigned i)
{
    return i < ms->mset.size() ? *(ms->mset[i]) : 0;
}

double jk_xmset_weight(const jk_xmset *ms, unsigned i)
{
    return i < ms->mset.size() ? ms->mset[i].get_weight() : 0.0;
}

int jk_xmset_sort_key(const jk_xmset *ms, unsigned i, char **out, size_t *len, jk_error *err)
{
    *out = NULL;
    *len = 0;
    JK_TRY
    if (i >= ms->mset.size())
        return jk_error_set(err, JK_EINVAL, "[xapian][sort_key] index %u out of range", i);
    const std::string key = ms->mset[i].get_sort_key();
    *out = dup_bytes(key);
    *len = key.size();
    return JK_OK;
    JK_CATCH(err, "sort_key")
}

int jk_xmset_document(const jk_xmset *ms, unsigned i, jk_xdoc **out, jk_error *err)
{
    *out = NULL;
    JK_TRY
    if (i >= ms->mset.size())
        return jk_error_set(err, JK_EINVAL, "[xapian][mset_document] index %u out of range", i);
    std::unique_ptr<jk_xdoc> d(new jk_xdoc());
    d->doc = ms->mset[i].get_document();
    *out = d.release();
    return JK_OK;
    JK_CATCH(err, "mset_document")
}

int jk_xmset_packed(const jk_xmset *ms, unsigned *bits, unsigned *a, unsigned *b, jk_error *err)
{
    if (!ms->packed)
        return jk_error_set(err, JK_EINVAL, "[xapian][packed] no packed facets were counted");
    ms->packed->bits(bits);
    std::memcpy(a, ms->packed->a_, sizeof ms->packed->a_);
    std::memcpy(b, ms->packed->b_, sizeof ms->packed->b_);
    return JK_OK;
}

int jk_xmset_facets(const jk_xmset *ms, size_t f, jk_xfacet_cb cb, void *payload, jk_error *err)
{
    JK_TRY
    if (f >= ms->spies.size())
        return jk_error_set(err, JK_EINVAL, "[xapian][facets] no facet %zu", f);
    std::vector<std::pair<std::string, unsigned>> v(ms->spies[f]->counts().begin(),
                                                    ms->spies[f]->counts().end());
    std::stable_sort(v.begin(), v.end(),
                     [](const std::pair<std::string, unsigned> &a,
                        const std::pair<std::string, unsigned> &b) { return a.second > b.second; });
    for (const auto &kv : v) {
        int rc = cb(kv.first.data(), kv.first.size(), kv.second, payload);
        if (rc)
            return rc;
    }
    return JK_OK;
    JK_CATCH(err, "facets")
}

/* ---- query expansion ---- */

int jk_xdb_expand(jk_xdb *db, const char *rel_term, size_t max, jk_xterm_accept_cb accept,
                  jk_xexpand_cb emit, void *payload, jk_error *err)
{
    JK_TRY
    char buf[JK_XTERM_MAX + 1];
    std::string rel(buf, jk_xterm_fit(rel_term, std::strlen(rel_term), buf));
    Xapian::RSet rset;
    for (Xapian::PostingIterator p = db->rd->postlist_begin(rel); p != db->rd->postlist_end(rel);
         ++p)
        rset.add_document(*p);
    if (rset.empty())
        return jk_error_set(err, JK_ENOTFOUND, "[xapian][expand] no document indexes %s", rel_term);
    Xapian::Enquire enq(*db->rd);
    ExpandFilter decider(accept, payload);
    Xapian::ESet eset = enq.get_eset(static_cast<Xapian::termcount>(max), rset, &decider);
    for (Xapian::ESetIterator t = eset.begin(); t != eset.end(); ++t) {
        const std::string term = *t;
        int rc = emit(term.data(), term.size(), t.get_weight(), payload);
        if (rc)
            return rc;
    }
    return JK_OK;
    JK_CATCH(err, "expand")
}

} // extern "C"
