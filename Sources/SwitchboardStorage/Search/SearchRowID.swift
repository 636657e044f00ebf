import SQLKit

/// The rowid of a ticket's entry in SQLite's FTS5 table `ticket_fts`: twice the ticket id, so rowid order is ticket
/// order (search walks the newest matches by `ORDER BY rowid DESC`) and no two tickets' rowids are adjacent.
///
/// Why not the ticket id itself (as before M0014): `ticket_fts` is `contentless_delete=1`, so replacing a ticket's
/// entry (every reply) leaves a tombstone on the segment that held it, and every query checks each rowid it reads
/// against that segment's tombstone hash. FTS5 puts a rowid on page `rowid % pages` (always an odd number of pages)
/// at slot `(rowid / pages) % slots`, probing linearly, and keeps a page at most half full (sqlite3.c,
/// `fts5IndexTombstoneAdd`). Agents reply to the newest tickets: with ticket ids as rowids their tombstones filled
/// one contiguous run of slots, and a rowid that is not deleted probed along it — after 1,463 replies on the newest
/// tickets of a 1M-ticket file, runs of 454 slots, ~119 probes per row, and bm25's pass over every document holding
/// a common word took 190 ms instead of 23 ms. With even rowids, the keys of one page all fall on slots of one
/// parity (while rowids fit 4-byte keys, ticket ids below 2^31, and a page has an even number of slots), so a
/// lookup reads at most two slots. Scattering the low bits instead works as well for the
/// lookups but makes every rowid delta in the doclists longer (3 bytes instead of 1): 30% more index in a test.
enum SearchRowID {
    /// The FTS5 rowid of `ticketID`'s entry (ticket ids from 0 to 2^62 − 1).
    static func of(ticketID: Int64) -> Int64 {
        precondition(ticketID >= 0 && ticketID < 1 << 62, "ticket id \(ticketID) has no search rowid")
        return ticketID << 1
    }

    /// The ticket whose entry has `rowid`.
    static func ticketID(of rowid: Int64) -> Int64 { rowid >> 1 }

    /// SQL for the ticket id of the `ticket_fts` row being read.
    static let ticketIDColumn: SQLQueryString = "(ticket_fts.rowid >> 1)"
}
