import AsyncHTTPClient
import NIOCore

/// The client side of `POST /api/v1/inboxes/{id}/raw-email`, for `switchboard mail deliver`. It uses
/// AsyncHTTPClient (already part of the server) rather than URLSession, whose FoundationNetworking would map
/// about 30 more shared libraries (curl, gnutls, krb5, …) into every process of the binary, the server included.
public enum RawEmailSubmission {
    /// Most bytes of the server's answer kept (for the error message).
    static let maxAnswerBytes = 64 * 1024

    /// Posts `message` to `url` with the bearer `token`. `status` is nil when no answer came in `timeoutSeconds`
    /// (connection refused, network error, timeout); `body` is the start of the answer.
    public static func post(
        _ message: [UInt8], to url: String, token: String, timeoutSeconds: Double
    ) async -> (status: Int?, body: [UInt8]) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "message/rfc822")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.body = .bytes(message)
        let timeout = TimeAmount.milliseconds(Int64(max(timeoutSeconds, 0.001) * 1000))
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: timeout)
        } catch {
            return (nil, [])
        }
        var answer: [UInt8] = []
        do {
            for try await chunk in response.body {
                answer += chunk.readableBytesView.prefix(maxAnswerBytes - answer.count)
                if answer.count >= maxAnswerBytes { break }
            }
        } catch {
            // The status already says what happened; a cut answer only shortens the error message.
        }
        return (Int(response.status.code), answer)
    }
}
