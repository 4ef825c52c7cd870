#include "report.h"

#include "jk_cli.h"
#include "jk_json.h"
#include "jk_taxonomy.h"

#include <stdarg.h>
#include <stdio.h>

void report_object(jk_buf *b, int rc)
{
    jk_buf_puts(b, &rc, "}\n");
    if (rc == 0)
        fwrite(b->p, 1, b->n, stdout);
    jk_buf_free(b);
}

void report_summary(const char *db, const char *const *files, unsigned nfiles, const char *fmt, ...)
{
    jk_buf b = JK_BUF_INIT;
    char fields[1024];
    va_list ap;
    int rc = 0;

    va_start(ap, fmt);
    vsnprintf(fields, sizeof fields, fmt, ap);
    va_end(ap);
    jk_buf_putc(&b, &rc, '{');
    jk_json_key(&b, &rc, "db", 1);
    jk_json_cstr(&b, &rc, db);
    jk_buf_putc(&b, &rc, ',');
    jk_buf_puts(&b, &rc, fields);
    if (files) {
        jk_json_key(&b, &rc, "indexed_files", 0);
        jk_buf_putc(&b, &rc, '[');
        for (unsigned i = 0; i < nfiles; i++) {
            if (i)
                jk_buf_putc(&b, &rc, ',');
            jk_json_cstr(&b, &rc, files[i]);
        }
        jk_buf_putc(&b, &rc, ']');
    }
    report_object(&b, rc);
}

static void post_json(const char *file, const jk_post *p, const jk_labels *lab)
{
    jk_buf b = JK_BUF_INIT;
    int rc = 0;

    jk_buf_putc(&b, &rc, '{');
    jk_json_key(&b, &rc, "kind", 1);
    jk_json_cstr(&b, &rc, p->kind == JK_POST_NOTICE ? "notice" : "other");
    jk_json_key(&b, &rc, "file", 0);
    jk_json_cstr(&b, &rc, file);
    jk_json_key(&b, &rc, "start_line", 0);
    jk_buf_printf(&b, &rc, "%u", p->start_line);
    jk_json_key(&b, &rc, "end_line", 0);
    jk_buf_printf(&b, &rc, "%u", p->end_line);
    jk_json_key(&b, &rc, "title", 0);
    jk_json_cstr(&b, &rc, p->title);
    if (p->bad_tag) {
        jk_json_key(&b, &rc, "bad_tag", 0);
        jk_buf_puts(&b, &rc, "true");
    }
    if (p->kind == JK_POST_NOTICE) {
        jk_json_key(&b, &rc, "id", 0);
        jk_json_cstr(&b, &rc, p->id);
        jk_json_key(&b, &rc, "org", 0);
        jk_json_cstr(&b, &rc, p->org);
        jk_json_key(&b, &rc, "date", 0);
        jk_json_cstr(&b, &rc, p->date);
        jk_json_key(&b, &rc, "year", 0);
        jk_buf_printf(&b, &rc, "%d", p->year);
        jk_json_key(&b, &rc, "key", 0);
        jk_json_cstr(&b, &rc, p->key);
        jk_json_key(&b, &rc, "cause", 0);
        jk_buf_putc(&b, &rc, '[');
        {
            size_t n, first = 1;
            const jk_label *cl = jk_taxonomy_labels(JK_FACET_CAUSE, &n);
            for (size_t i = 0; i < n; i++) {
                if (!(lab->causes & (1u << i)))
                    continue;
                if (!first)
                    jk_buf_putc(&b, &rc, ',');
                jk_json_cstr(&b, &rc, cl[i].slug);
                first = 0;
            }
        }
        jk_buf_putc(&b, &rc, ']');
        jk_json_key(&b, &rc, "sector", 0);
        jk_json_cstr(&b, &rc, jk_labels_sector(lab));
    }
    report_object(&b, rc);
}

static void post_text(const char *file, const jk_post *p, const jk_labels *lab)
{
    char causes[256];
    jk_cli_put_str(stdout, file);
    if (p->kind == JK_POST_NOTICE) {
        jk_labels_causes(lab, ',', causes, sizeof causes);
        printf(":%u-%u\tnotice %s\t", p->start_line, p->end_line, p->id);
        jk_cli_put_str(stdout, p->org);
        printf("\t%s\t%s\t%s\t", p->date ? p->date : "-", causes, jk_labels_sector(lab));
    } else {
        printf(":%u-%u\tother\t", p->start_line, p->end_line);
    }
    jk_cli_put_str(stdout, p->title);
    putchar('\n');
}

void report_run(const char *db, const report_outcome *o, int json)
{
    const jk_index_stats *st = o->st;
    unsigned named = o->in ? o->files_in : 0;
    if (json) {
        report_summary(db, o->in, named,
                       "\"made\":%s,\"files\":{\"indexed\":%u,\"already\":%u,\"rejected\":%u}"
                       ",\"notices\":{\"added\":%u,\"updated\":%u,\"unchanged\":%u,"
                       "\"removed\":%u,\"bad_tag\":%u},\"other_posts\":%u,\"total\":%u",
                       o->dropped ? "false" : "true", o->files_in, o->seen, o->rejected, st->added,
                       st->updated, st->unchanged, st->removed, st->bad_tag, st->other,
                       o->dropped ? 0 : o->docs);
        return;
    }
    printf("%u notice%s added, %u updated, %u unchanged", st->added, st->added == 1 ? "" : "s",
           st->updated, st->unchanged);
    if (st->removed) /* releases a file indexed again no longer holds */
        printf(", %u removed", st->removed);
    printf("; %u other post%s skipped\n", st->other, st->other == 1 ? "" : "s");
    printf("%u file%s indexed", o->files_in, o->files_in == 1 ? "" : "s");
    if (named > 0 && named <= REPORT_NAMED) { /* the new month of a monthly run */
        for (unsigned i = 0; i < named; i++) {
            fputs(i ? ", " : " (", stdout);
            jk_cli_put_str(stdout, o->in[i]);
        }
        putchar(')');
    }
    printf(", %u already indexed, %u rejected; ", o->seen, o->rejected);
    if (o->dropped)
        printf("no index made at %s\n", db);
    else
        printf("%s holds %u notice%s\n", db, o->docs, o->docs == 1 ? "" : "s");
}

void report_post(const char *file, const jk_post *p, const jk_labels *lab, int json)
{
    (json ? post_json : post_text)(file, p, lab);
}
