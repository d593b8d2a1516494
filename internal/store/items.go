package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gleanerhq/gleaner/internal/model"
)

// UpsertResult counts what [Store.UpsertItems] did with its items.
// NewIDs and UpdatedIDs list the affected item IDs in input order.
type UpsertResult struct {
	New, Updated, Unchanged int
	NewIDs, UpdatedIDs      []string
}

// UpsertItems stores items in one transaction: all of them or, on error,
// none. now is the run's time, recorded as FirstSeen and LastChanged.
//
// Each item's hash is [model.Item.ContentHash] of the item as given. A new
// ID is inserted (a zero Published becomes now; PublishedRaw is kept as
// given). A known ID with the same hash is unchanged and not written at
// all: the store keeps no "last seen" time, because bumping one would
// rewrite every row on every run; retention ([Store.Prune]) goes by
// Published instead. A known ID with a different hash is updated in place,
// keeping FirstSeen and, when the incoming Published is zero, the stored
// Published; LastChanged becomes now. Store-owned fields of the input
// (FirstSeen, LastChanged, Hash) are ignored, and items is not modified.
//
// An ID given twice in one call is treated as two successive upserts.
func (s *Store) UpsertItems(ctx context.Context, items []model.Item, now time.Time) (UpsertResult, error) {
	var res UpsertResult
	if len(items) == 0 {
		return res, nil
	}
	if now.IsZero() {
		return res, errors.New("store: upsert items: zero time for now")
	}
	nowArg, err := timeArg(now)
	if err != nil {
		return res, fmt.Errorf("store: upsert items: now: %w", err)
	}

	for i := range items {
		if it := &items[i]; it.ID == "" {
			return res, fmt.Errorf("store: upsert item %d of %d (source %q, key %q): empty ID",
				i+1, len(items), it.SourceID, it.Key)
		}
	}

	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("store: upsert items: %w", err)
	}
	defer tx.Rollback()

	// One query reads the stored hashes of the whole batch; inside this
	// IMMEDIATE transaction no other connection can change them, and known
	// tracks this call's own writes.
	known, err := hashesIn(ctx, tx, items)
	if err != nil {
		return res, fmt.Errorf("store: upsert items: %w", err)
	}
	// Insert and update are prepared on first use: a re-run over unchanged
	// feeds needs neither.
	var insert, update *sql.Stmt
	defer func() {
		if insert != nil {
			insert.Close()
		}
		if update != nil {
			update.Close()
		}
	}()

	for i := range items {
		it := &items[i]
		// A hash set by the caller is the hash of the item as its feed
		// gave it, before enrichment (full text, prayer, countries): kept
		// as is, so that the next run can tell an unchanged feed item
		// without redoing the enrichment.
		hash := it.Hash
		if hash == "" {
			hash = it.ContentHash()
		}

		stored, isKnown := known[it.ID]
		if isKnown && stored == hash {
			res.Unchanged++
			continue
		}
		known[it.ID] = hash
		isNew := !isKnown

		args, err := itemArgs(it, hash, nowArg)
		if err != nil {
			return UpsertResult{}, fmt.Errorf("store: upsert item %s: %w", it.ID, err)
		}
		if isNew {
			if args.published == nil {
				args.published = nowArg
			}
			if insert == nil {
				if insert, err = tx.PrepareContext(ctx, insertItemSQL); err != nil {
					return UpsertResult{}, fmt.Errorf("store: upsert item %s: %w", it.ID, err)
				}
			}
			if _, err := insert.ExecContext(ctx, args.list(nowArg)...); err != nil {
				return UpsertResult{}, fmt.Errorf("store: upsert item %s: insert: %w", it.ID, err)
			}
			res.New++
			res.NewIDs = append(res.NewIDs, it.ID)
			continue
		}
		// A nil published keeps the stored one (COALESCE in updateItemSQL).
		if update == nil {
			if update, err = tx.PrepareContext(ctx, updateItemSQL); err != nil {
				return UpsertResult{}, fmt.Errorf("store: upsert item %s: %w", it.ID, err)
			}
		}
		if _, err := update.ExecContext(ctx, args.list(nil)...); err != nil {
			return UpsertResult{}, fmt.Errorf("store: upsert item %s: update: %w", it.ID, err)
		}
		res.Updated++
		res.UpdatedIDs = append(res.UpdatedIDs, it.ID)
	}
	if err := tx.Commit(); err != nil {
		return UpsertResult{}, fmt.Errorf("store: upsert items: commit: %w", err)
	}
	return res, nil
}

// hashesIn returns the stored hash of each item ID of items the store
// knows, read within tx.
func hashesIn(ctx context.Context, tx *sql.Tx, items []model.Item) (map[string]string, error) {
	ids := make([]string, len(items))
	for i := range items {
		ids[i] = items[i].ID
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, hashesInSQL, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	known := make(map[string]string, len(items))
	for rows.Next() {
		var id, hash string
		if err := rows.Scan(&id, &hash); err != nil {
			return nil, err
		}
		known[id] = hash
	}
	return known, rows.Err()
}

const hashesInSQL = `SELECT id, hash FROM items WHERE id IN (SELECT value FROM json_each(?))`

// The column order of insertItemSQL and updateItemSQL is that of
// itemRow.list.
const (
	insertItemSQL = `INSERT INTO items (
	id, source_id, "key", url, title, summary, content, language, image_url, full_content,
	authors, categories, enclosures, published, published_raw, updated, updated_raw,
	last_changed, hash, prayer, countries, fingerprint, first_seen
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

	updateItemSQL = `UPDATE items SET
	source_id = ?2, "key" = ?3, url = ?4, title = ?5, summary = ?6, content = ?7,
	language = ?8, image_url = ?9, full_content = ?10,
	authors = ?11, categories = ?12, enclosures = ?13,
	published = COALESCE(?14, published), published_raw = ?15,
	updated = ?16, updated_raw = ?17,
	last_changed = ?18, hash = ?19, prayer = ?20, countries = ?21, fingerprint = ?22
WHERE id = ?1`
)

// itemRow holds an item's encoded column values.
type itemRow struct {
	it                              *model.Item
	authors, categories, enclosures any
	prayer, countries               any
	published, updated              any
	lastChanged                     any
	hash                            string
}

func itemArgs(it *model.Item, hash string, now any) (itemRow, error) {
	r := itemRow{it: it, hash: hash, lastChanged: now}
	var err error
	if r.authors, err = jsonArg(it.Authors); err != nil {
		return r, fmt.Errorf("authors: %w", err)
	}
	if r.categories, err = jsonArg(it.Categories); err != nil {
		return r, fmt.Errorf("categories: %w", err)
	}
	if r.enclosures, err = jsonArg(it.Enclosures); err != nil {
		return r, fmt.Errorf("enclosures: %w", err)
	}
	if r.prayer, err = jsonArg(it.Prayer); err != nil {
		return r, fmt.Errorf("prayer: %w", err)
	}
	if r.countries, err = jsonArg(it.Countries); err != nil {
		return r, fmt.Errorf("countries: %w", err)
	}
	if r.published, err = timeArg(it.Published); err != nil {
		return r, fmt.Errorf("published: %w", err)
	}
	if r.updated, err = timeArg(it.Updated); err != nil {
		return r, fmt.Errorf("updated: %w", err)
	}
	return r, nil
}

// list returns the statement arguments; firstSeen is appended when non-nil
// (for the insert).
func (r itemRow) list(firstSeen any) []any {
	it := r.it
	args := []any{
		it.ID, it.SourceID, it.Key, it.URL, it.Title, it.Summary, it.Content,
		it.Language, it.ImageURL, it.FullContent,
		r.authors, r.categories, r.enclosures,
		r.published, it.PublishedRaw, r.updated, it.UpdatedRaw,
		r.lastChanged, r.hash, r.prayer, r.countries, int64(it.Fingerprint),
	}
	if firstSeen != nil {
		args = append(args, firstSeen)
	}
	return args
}

// jsonArg encodes a slice as a JSON column: NULL for nil, so that nil and
// empty slices both round-trip.
func jsonArg[T any](v []T) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// jsonCol scans a column written by jsonArg into *dst.
func jsonCol[T any](col sql.NullString, dst *[]T) error {
	if !col.Valid {
		*dst = nil
		return nil
	}
	return json.Unmarshal([]byte(col.String), dst)
}

// ItemHashes returns the stored hash of each of ids the store knows; IDs
// it does not know are absent from the map. Compare with
// [model.Item.ContentHash] to do expensive work only for new or changed
// items.
func (s *Store) ItemHashes(ctx context.Context, ids []string) (map[string]string, error) {
	hashes := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return hashes, nil
	}
	err := s.eachIn(ctx, hashesInSQL, ids, func(rows *sql.Rows) error {
		var id, hash string
		if err := rows.Scan(&id, &hash); err != nil {
			return err
		}
		hashes[id] = hash
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: item hashes: %w", err)
	}
	return hashes, nil
}

// eachIn runs query, whose one parameter is the JSON array of keys (as in
// "WHERE id IN (SELECT value FROM json_each(?))": one query for any number
// of keys), and calls scan for each row.
func (s *Store) eachIn(ctx context.Context, query string, keys []string, scan func(*sql.Rows) error) error {
	list, err := json.Marshal(keys)
	if err != nil {
		return err
	}
	rows, err := s.r.QueryContext(ctx, query, string(list))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Text is an item's HTML: what [Query.Heads] leaves out.
type Text struct {
	Summary, Content string
}

// Texts returns the Summary and Content of each of ids the store knows;
// IDs it does not know are absent from the map.
func (s *Store) Texts(ctx context.Context, ids []string) (map[string]Text, error) {
	texts := make(map[string]Text, len(ids))
	if len(ids) == 0 {
		return texts, nil
	}
	err := s.eachIn(ctx, `SELECT id, summary, content FROM items WHERE id IN (SELECT value FROM json_each(?))`, ids,
		func(rows *sql.Rows) error {
			var id string
			var t Text
			if err := rows.Scan(&id, &t.Summary, &t.Content); err != nil {
				return err
			}
			texts[id] = t
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: item texts: %w", err)
	}
	return texts, nil
}

// Query selects items for [Store.Items].
type Query struct {
	Sources []string  // source IDs to include; empty: every source
	Since   time.Time // only items Published at or after Since; zero: no limit
	Limit   int       // at most this many items; 0 (or less): all
	IDs     []string  // only these item IDs; empty: any
	// Heads leaves every item's Summary and Content empty: what curating,
	// finding duplicates and fingerprinting outputs need, in a fraction of
	// the memory. Load the text of the few items to render with IDs.
	Heads bool
}

// Items returns the items q selects, newest Published first and, among
// equal Published times, by ascending ID, so the order is deterministic.
// Every field round-trips exactly as stored, with times in UTC.
func (s *Store) Items(ctx context.Context, q Query) ([]model.Item, error) {
	var (
		where []string
		args  []any
	)
	if len(q.Sources) > 0 {
		list, err := json.Marshal(q.Sources)
		if err != nil {
			return nil, fmt.Errorf("store: query items: %w", err)
		}
		where = append(where, `source_id IN (SELECT value FROM json_each(?))`)
		args = append(args, string(list))
	}
	if len(q.IDs) > 0 {
		list, err := json.Marshal(q.IDs)
		if err != nil {
			return nil, fmt.Errorf("store: query items: %w", err)
		}
		where = append(where, `id IN (SELECT value FROM json_each(?))`)
		args = append(args, string(list))
	}
	if !q.Since.IsZero() {
		since, err := timeArg(q.Since)
		if err != nil {
			return nil, fmt.Errorf("store: query items: since: %w", err)
		}
		where = append(where, `published >= ?`)
		args = append(args, since)
	}
	cols := itemColumns
	if q.Heads {
		cols = headColumns
	}
	query := `SELECT ` + cols + ` FROM items`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	query += ` ORDER BY published DESC, id`
	if q.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, q.Limit)
	}

	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: query items: %w", err)
	}
	defer rows.Close()
	var items []model.Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, fmt.Errorf("store: query items: %w", err)
		}
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: query items: %w", err)
	}
	return items, nil
}

const (
	itemColumns = `id, source_id, "key", url, title, summary, content, language, image_url, full_content,
	authors, categories, enclosures, published, published_raw, updated, updated_raw,
	first_seen, last_changed, hash, prayer, countries, fingerprint`
	// headColumns are itemColumns with empty text, in the same order.
	headColumns = `id, source_id, "key", url, title, '', '', language, image_url, full_content,
	authors, categories, enclosures, published, published_raw, updated, updated_raw,
	first_seen, last_changed, hash, prayer, countries, fingerprint`
)

func scanItem(rows *sql.Rows) (model.Item, error) {
	var (
		it                              model.Item
		authors, categories, enclosures sql.NullString
		prayer, countries               sql.NullString
		fingerprint                     sql.NullInt64
	)
	err := rows.Scan(&it.ID, &it.SourceID, &it.Key, &it.URL, &it.Title, &it.Summary, &it.Content,
		&it.Language, &it.ImageURL, &it.FullContent,
		&authors, &categories, &enclosures,
		timeCol{&it.Published}, &it.PublishedRaw, timeCol{&it.Updated}, &it.UpdatedRaw,
		timeCol{&it.FirstSeen}, timeCol{&it.LastChanged}, &it.Hash, &prayer, &countries, &fingerprint)
	if err != nil {
		return it, err
	}
	it.Fingerprint = uint64(fingerprint.Int64) // NULL (not computed yet) is 0
	if err := jsonCol(authors, &it.Authors); err != nil {
		return it, fmt.Errorf("item %s: authors: %w", it.ID, err)
	}
	if err := jsonCol(categories, &it.Categories); err != nil {
		return it, fmt.Errorf("item %s: categories: %w", it.ID, err)
	}
	if err := jsonCol(enclosures, &it.Enclosures); err != nil {
		return it, fmt.Errorf("item %s: enclosures: %w", it.ID, err)
	}
	if err := jsonCol(prayer, &it.Prayer); err != nil {
		return it, fmt.Errorf("item %s: prayer: %w", it.ID, err)
	}
	if err := jsonCol(countries, &it.Countries); err != nil {
		return it, fmt.Errorf("item %s: countries: %w", it.ID, err)
	}
	return it, nil
}

// CountItems returns how many items the store holds.
func (s *Store) CountItems(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM items`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count items: %w", err)
	}
	return n, nil
}

// Prune deletes the items Published before olderThan and returns how many
// it deleted. It is the only way items leave the store (max_age retention).
func (s *Store) Prune(ctx context.Context, olderThan time.Time) (int, error) {
	if olderThan.IsZero() {
		return 0, nil
	}
	cutoff, err := timeArg(olderThan)
	if err != nil {
		return 0, fmt.Errorf("store: prune items: %w", err)
	}
	res, err := s.w.ExecContext(ctx, `DELETE FROM items WHERE published < ?`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("store: prune items older than %s: %w", olderThan.UTC().Format(time.RFC3339), err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("store: prune items: %w", err)
	}
	return int(n), nil
}

// ItemsStamp summarises the items table cheaply: how many items there are
// and the latest LastChanged among them. Any insert, update or prune
// changes it, so a caller can tell that nothing changed without reading
// the items.
func (s *Store) ItemsStamp(ctx context.Context) (count int, lastChanged string, err error) {
	var last sql.NullString
	if err := s.r.QueryRowContext(ctx, `SELECT count(*), max(last_changed) FROM items`).Scan(&count, &last); err != nil {
		return 0, "", fmt.Errorf("store: items stamp: %w", err)
	}
	return count, last.String, nil
}

// BackfillFingerprints sets the fingerprint of every item stored before
// fingerprints were (schema version 3), computing each with fp from the
// item's content and summary, in batches. It returns how many items it
// filled; once none is left it costs one indexed query.
func (s *Store) BackfillFingerprints(ctx context.Context, fp func(content, summary string) uint64) (int, error) {
	const batch = 500
	total := 0
	for {
		rows, err := s.r.QueryContext(ctx, `SELECT id, content, summary FROM items WHERE fingerprint IS NULL LIMIT ?`, batch)
		if err != nil {
			return total, fmt.Errorf("store: backfill fingerprints: %w", err)
		}
		type row struct {
			id string
			fp int64
		}
		var todo []row
		for rows.Next() {
			var id, content, summary string
			if err := rows.Scan(&id, &content, &summary); err != nil {
				rows.Close()
				return total, fmt.Errorf("store: backfill fingerprints: %w", err)
			}
			todo = append(todo, row{id, int64(fp(content, summary))})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return total, fmt.Errorf("store: backfill fingerprints: %w", err)
		}
		if len(todo) == 0 {
			return total, nil
		}
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return total, fmt.Errorf("store: backfill fingerprints: %w", err)
		}
		for _, r := range todo {
			if _, err := tx.ExecContext(ctx, `UPDATE items SET fingerprint = ? WHERE id = ?`, r.fp, r.id); err != nil {
				tx.Rollback()
				return total, fmt.Errorf("store: backfill fingerprint of item %s: %w", r.id, err)
			}
		}
		if err := tx.Commit(); err != nil {
			return total, fmt.Errorf("store: backfill fingerprints: %w", err)
		}
		total += len(todo)
	}
}
