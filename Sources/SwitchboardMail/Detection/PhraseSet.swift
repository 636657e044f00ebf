/// Lower-case phrases prepared for ``PhraseSearch``: grouped by their first byte, once, instead of on every search.
struct PhraseSet: Sendable {
    /// The phrases' UTF-8 bytes, by first byte.
    let byFirstByte: [[[UInt8]]]

    init(_ phrases: [String]) {
        var table: [[[UInt8]]] = Array(repeating: [], count: 256)
        for phrase in phrases {
            let needle = Array(phrase.utf8)
            guard let first = needle.first else { continue }
            table[Int(first)].append(needle)
        }
        byFirstByte = table
    }
}
