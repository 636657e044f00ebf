/// Lower-case hexadecimal text of bytes (digests, random ids).
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Two lower-case hex digits per byte. Written into one buffer: formatting each byte with `String(_:radix:)`
    /// and joining the pieces was two fifths of an API-token look-up on the readers (docs/performance.md,
    /// "Session 12").
    public static func lowercase(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            var index = 0
            for byte in bytes {
                buffer[index] = digits[Int(byte >> 4)]
                buffer[index + 1] = digits[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
    }
}
