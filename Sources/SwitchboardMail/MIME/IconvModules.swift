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
/// closed, keeps the module loaded. At most 64 charsets are pinned. The converters are kept here (not dropped),
/// so they stay reachable: a leak checker (the fuzz target's LeakSanitizer) sees held memory, not a leak.
enum IconvModules {
    /// An open converter; only ever kept, never used, so sharing it between threads is safe.
    private struct Converter: @unchecked Sendable { let handle: iconv_t }

    private static let pinned = Mutex<[String: Converter]>([:])

    /// Pins the module of `charset` (an iconv name that `iconv_open` accepted).
    static func pin(_ charset: String) {
        let isNew = pinned.withLock { converters in converters.count < 64 && converters[charset] == nil }
        guard isNew else { return }
        // Deliberately never closed: it holds the module in memory for the life of the process.
        let converter = Converter(handle: iconv_open("UTF-8", charset))
        guard converter.handle != iconv_t(bitPattern: -1) else { return }
        let kept = pinned.withLock { converters -> Bool in
            guard converters.count < 64, converters[charset] == nil else { return false }
            converters[charset] = converter
            return true
        }
        if !kept { iconv_close(converter.handle) }
    }
}
