// jk_xapian_bits.cc: the bitmaps of the index's most frequent terms (see
// "term bitmaps" in jk_xapian_int.hh), written before every commit of a
// writer and read by the walks that count a search's matches
// (jk_xapian_search.cc). Part of the Xapian shim; called only from inside
// its JK_TRY blocks, so any exception reaches the caller's JK_CATCH.
//
// In the index's metadata:
//   "jikenbo.bits"                  the revision they are valid at, a newline,
//                                   then the terms, one per line
//   "jikenbo.bits\x01" TERM "\x01" C  ids C * BITS_CHUNK .. + BITS_CHUNK - 1
//                                   of TERM: a bit per id, little-endian
//                                   64-bit words, trailing zero words left
//                                   out (no key: none of them)

#include "jk_xapian_int.hh"

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace
{

const char STAMP_KEY[] = "jikenbo.bits";
const size_t WORDS = BITS_CHUNK / 64;
const size_t MAX_TERMS = 1024;   // the most frequent, at most
const size_t MAX_TERM_LEN = 200; // and none whose key would be too long for Xapian

std::string chunk_key(const std::string &term, Xapian::docid c)
{
    return std::string(STAMP_KEY) + '\x01' + term + '\x01' + std::to_string(c);
}

// The stamp's revision and terms; false if there is none or it is not ours.
bool parse_stamp(const std::string &s, Xapian::rev *rev, std::vector<std::string> *terms)
{
    size_t nl = s.find('\n');
    if (s.empty() || nl == std::string::npos || nl == 0)
        return false;
    Xapian::rev r = 0;
    for (size_t i = 0; i < nl; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        r = r * 10 + static_cast<Xapian::rev>(s[i] - '0');
    }
    *rev = r;
    for (size_t at = nl + 1; at < s.size();) {
        size_t end = s.find('\n', at);
        if (end == std::string::npos)
            end = s.size();
        if (end > at)
            terms->push_back(s.substr(at, end - at));
        at = end + 1;
    }
    return true;
}

// The terms in at least a tenth of the documents, the most frequent first,
// at most MAX_TERMS of them.
std::vector<std::string> choose_terms(const Xapian::Database &db)
{
    Xapian::doccount least = std::max<Xapian::doccount>(db.get_doccount() / 10, 1);
    std::vector<std::pair<Xapian::doccount, std::string>> v;
    for (Xapian::TermIterator t = db.allterms_begin(); t != db.allterms_end(); ++t) {
        const std::string term = *t;
        if (t.get_termfreq() >= least && term.size() <= MAX_TERM_LEN &&
            term.find('\n') == std::string::npos && term.find('\x01') == std::string::npos)
            v.emplace_back(t.get_termfreq(), term);
    }
    std::stable_sort(
        v.begin(), v.end(),
        [](const std::pair<Xapian::doccount, std::string> &a,
           const std::pair<Xapian::doccount, std::string> &b) { return a.first > b.first; });
    if (v.size() > MAX_TERMS)
        v.resize(MAX_TERMS);
    std::vector<std::string> terms;
    for (auto &p : v)
        terms.push_back(std::move(p.second));
    return terms;
}

// Writes term's chunks from the one that holds id from to the one that holds
// last, from its posting list.
void write_chunks(Xapian::WritableDatabase &w, const std::string &term, Xapian::docid from,
                  Xapian::docid last)
{
    Xapian::docid c0 = from / BITS_CHUNK, c1 = last / BITS_CHUNK;
    std::vector<uint64_t> words((c1 - c0 + 1) * WORDS, 0);
    Xapian::PostingIterator it = w.postlist_begin(term), end = w.postlist_end(term);
    if (c0 > 0)
        it.skip_to(c0 * BITS_CHUNK);
    for (; it != end && *it <= last; ++it) {
        Xapian::docid off = *it - c0 * BITS_CHUNK;
        words[off / 64] |= uint64_t(1) << (off % 64);
    }
    for (Xapian::docid c = c0; c <= c1; c++) {
        const uint64_t *cw = &words[(c - c0) * WORDS];
        size_t n = WORDS;
        while (n > 0 && cw[n - 1] == 0)
            n--;
        std::string bytes(n * 8, '\0');
        for (size_t i = 0; i < n; i++)
            for (size_t b = 0; b < 8; b++)
                bytes[i * 8 + b] = static_cast<char>(cw[i] >> (8 * b) & 0xff);
        w.set_metadata(chunk_key(term, c), bytes); // empty: no key
    }
}

} // namespace

void bits_refresh(jk_xdb *db)
{
    Xapian::WritableDatabase &w = *db->wr;
    Xapian::rev rev = w.get_revision(), stamp = 0;
    std::vector<std::string> terms;
    bool valid = parse_stamp(w.get_metadata(STAMP_KEY), &stamp, &terms) && stamp == rev;
    Xapian::docid from = valid ? db->touched : 1, last = w.get_lastdocid();

    if (!valid) { // anew: what another writer (or none) left is dropped
        std::vector<std::string> old;
        const std::string prefix = std::string(STAMP_KEY) + '\x01';
        for (Xapian::TermIterator k = w.metadata_keys_begin(prefix);
             k != w.metadata_keys_end(prefix); ++k)
            old.push_back(*k);
        for (const std::string &k : old)
            w.set_metadata(k, "");
        terms = choose_terms(w);
    }
    if (from > 0 && last > 0 && from <= last)
        for (const std::string &t : terms)
            write_chunks(w, t, from, last);
    std::string s = std::to_string(rev + 1) + '\n';
    for (const std::string &t : terms)
        s += t + '\n';
    w.set_metadata(STAMP_KEY, s); // valid at the revision the commit makes
    db->touched = 0;
}

void bits_touch(jk_xdb *db, Xapian::docid id)
{
    if (id > 0 && (db->touched == 0 || id < db->touched))
        db->touched = id;
}

const BitsInfo &bits_info(jk_xdb *db)
{
    BitsInfo &b = db->bits;
    Xapian::rev rev = db->rd->get_revision(), stamp = 0;
    if (b.loaded && b.rev == rev)
        return b;
    b = BitsInfo();
    b.rev = rev;
    std::vector<std::string> terms;
    if (parse_stamp(db->rd->get_metadata(STAMP_KEY), &stamp, &terms) && stamp == rev)
        b.terms.insert(terms.begin(), terms.end());
    b.loaded = true;
    return b;
}

void bits_read_chunk(const Xapian::Database &db, const std::string &term, Xapian::docid c,
                     std::vector<uint64_t> *words)
{
    const std::string s = db.get_metadata(chunk_key(term, c));
    words->assign(WORDS, 0);
    for (size_t i = 0; i < WORDS && i * 8 + 8 <= s.size(); i++)
        for (size_t b = 0; b < 8; b++)
            (*words)[i] |= uint64_t(static_cast<unsigned char>(s[i * 8 + b])) << (8 * b);
}

std::string bits_verify(jk_xdb *db)
{
    const BitsInfo &b = bits_info(db);
    std::vector<std::string> terms(b.terms.begin(), b.terms.end());
    std::sort(terms.begin(), terms.end());
    Xapian::docid last = db->rd->get_lastdocid();
    std::vector<uint64_t> words;
    for (const std::string &t : terms) {
        Xapian::PostingIterator it = db->rd->postlist_begin(t), end = db->rd->postlist_end(t);
        for (Xapian::docid c = 0; c <= last / BITS_CHUNK; c++) {
            bits_read_chunk(*db->rd, t, c, &words);
            for (size_t i = 0; i < WORDS; i++) {
                Xapian::docid base = c * BITS_CHUNK + static_cast<Xapian::docid>(i * 64);
                uint64_t want = 0;
                for (; it != end && *it < base + 64; ++it)
                    want |= uint64_t(1) << (*it - base);
                if (words[i] != want)
                    return "the bitmap of the term " + t +
                           " (what counts its matches) differs from its posting list at "
                           "document " +
                           std::to_string(
                               base + static_cast<Xapian::docid>(__builtin_ctzll(words[i] ^ want)));
            }
        }
    }
    return std::string();
}
