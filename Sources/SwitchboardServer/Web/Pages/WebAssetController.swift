import Hummingbird
import NIOCore

/// `GET /assets/{file}`: the embedded CSS, JavaScript and images.
///
/// Hashed names (`app.3f9a0c1e2b4d.css`) are immutable and cached for a year; logical names (`app.css`) are
/// revalidated. Both carry a strong ETag and answer `If-None-Match` with 304.
struct WebAssetController: Sendable {
    let assets: WebAssets

    func register(on routes: RouteCollection<AppRequestContext>) {
        routes.get("assets/:file", use: serve)
        routes.head("assets/:file", use: serve)
    }

    @Sendable func serve(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let file = context.parameters.get("file"), let found = assets.lookup(file: file) else {
            throw HTTPError(.notFound)
        }
        let asset = found.asset
        var fields: HTTPFields = [:]
        fields[.contentType] = asset.contentType
        fields[.eTag] = asset.etag
        fields[.cacheControl] = found.immutable ? "public, max-age=31536000, immutable" : "no-cache"
        WebSecurityHeaders.apply(to: &fields)
        if let match = request.headers[.ifNoneMatch],
            match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == asset.etag })
        {
            return Response(status: .notModified, headers: fields)
        }
        fields[.contentLength] = String(asset.bytes.count)
        if request.method == .head { return Response(status: .ok, headers: fields) }
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }
}
