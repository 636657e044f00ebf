import SQLKit

/// The rowid of a ticket's entry in SQLite's FTS5 table `ticket_fts`: the ticket id in the high bits, so rowid order
/// is ticket order (search walks the newest matches by `ORDER BY rowid DESC`), and 20 pseudo-random low bits.
///
/// Why not the ticket id itself (as before M0014): `ticket_fts` is `contentless_delete=1`, so replacing a ticket's
/// entry (every reply) leaves a tombstone on the segment that held it. FTS5 keeps a segment's tombstones in an
/// open-addressing hash whose slot is `(rowid / pages) % slots`, probed linearly, and every query checks each rowid
/// it reads against it. Agents reply to the newest tickets, so with sequential rowids the tombstones fill one
/// contiguous run of slots, and a rowid that is not deleted probes along that run: after 1,463 replies on the
/// newest tickets of a 1M-ticket file the run was 454 slots long, ~119 probes per row, and bm25's pass over every
/// document holding a common word took 190 ms instead of 23 ms. The low bits scatter the keys over the slots.
/// Ticket ids from 0 to 2^43 − 1 fit (a larger id stops the process: it would collide with another ticket's rowid).
enum SearchRowID {
    /// How far the ticket id is shifted up.
    static let shift: Int64 = 20

    /// The FTS5 rowid of `ticketID`'s entry.
    static func of(ticketID: Int64) -> Int64 {
        precondition(ticketID >= 0 && ticketID < 1 << (63 - shift), "ticket id \(ticketID) has no search rowid")
        return (ticketID << shift) | Int64(truncatingIfNeeded: scatter(UInt64(bitPattern: ticketID)) & 0xFFFFF)
    }

    /// The ticket whose entry has `rowid`.
    static func ticketID(of rowid: Int64) -> Int64 { rowid >> shift }

    /// SQL for the ticket id of the `ticket_fts` row being read.
    static let ticketIDColumn: SQLQueryString = "(ticket_fts.rowid >> \(unsafeRaw: String(shift)))"

    /// A 64-bit mixing function (SplitMix64's finaliser): neighbouring ids get unrelated low bits.
    private static func scatter(_ value: UInt64) -> UInt64 {
        var x = value &+ 0x9E37_79B9_7F4A_7C15
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 31)
    }
}
