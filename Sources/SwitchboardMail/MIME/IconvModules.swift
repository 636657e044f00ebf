#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Keeps glibc's converter module for each charset loaded once it has been used.
///
/// glibc loads a charset's converter as a shared object on `iconv_open` and unloads it again when the last
/// converter using it is closed, so opening and closing one converter per body part loaded the module every
/// time (a dlopen: 6 % of the parse time on the corpus). One idle converter per charset, opened once and never
/// closed, keeps the module loaded. At most 64 charsets are pinned.
enum IconvModules {
    private static let pinned = Mutex<Set<String>>([])

    /// Pins the module of `charset` (an iconv name that `iconv_open` accepted).
    static func pin(_ charset: String) {
        let isNew = pinned.withLock { set -> Bool in
            guard set.count < 64, !set.contains(charset) else { return false }
            set.insert(charset)
            return true
        }
        guard isNew else { return }
        // Deliberately never closed: it holds the module in memory for the life of the process.
        _ = iconv_open("UTF-8", charset)
    }
}
