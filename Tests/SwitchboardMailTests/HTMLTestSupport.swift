/// Small string helpers for the HTML tests (no Foundation needed).
enum HTMLTestSupport {
    /// How many non-overlapping times `needle` occurs in `haystack`.
    static func count(of needle: String, in haystack: String) -> Int {
        let hay = Array(haystack.utf8)
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, hay.count >= pattern.count else { return 0 }
        var result = 0
        var index = 0
        while index <= hay.count - pattern.count {
            if hay[index..<(index + pattern.count)].elementsEqual(pattern) {
                result += 1
                index += pattern.count
            } else {
                index += 1
            }
        }
        return result
    }
}
