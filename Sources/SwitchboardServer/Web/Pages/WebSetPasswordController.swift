import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import SwitchboardCore
import SwitchboardStorage

/// `GET /set-password?token=…` and `POST /set-password`: an invited user chooses their password with the one-time
/// link of their invitation (single use, 7 days). The password rules are those of ``PasswordHasher``. The form
/// is protected by a double-submit token in the `sb_setpw_csrf` cookie (SameSite=Strict), like the login form.
struct WebSetPasswordController: Sendable {
    let dependencies: AppDependencies
    let assets: WebAssets
    let template: MustacheTemplate

    static let csrfCookie = "sb_setpw_csrf"
    static let invalidLink = "This link is invalid, has expired or was already used. Ask an admin for a new invitation."

    init(dependencies: AppDependencies, assets: WebAssets) {
        self.dependencies = dependencies
        self.assets = assets
        do {
            self.template = try MustacheTemplate(string: SetPasswordTemplate.source)
        } catch {
            preconditionFailure("the set-password template does not parse: \(error)")
        }
    }

    func register(on routes: RouteCollection<AppRequestContext>) {
        routes.get("set-password", use: show)
        routes.post("set-password", use: submit)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = request.uri.queryParameters["token"].map(String.init) ?? ""
        let now = dependencies.now()
        let found = try await dependencies.database.read { db in
            try await InvitationRepository().get(token: token, now: now, on: db)
        }
        guard let found else { return page(["error": Self.invalidLink], status: .notFound, request: request) }
        return form(token: token, user: found.user, error: nil, status: .ok, request: request)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await WebForm.read(request)
        let token = form["token"]
        guard let cookie = request.cookies[Self.csrfCookie]?.value, !cookie.isEmpty,
            ConstantTime.equal(form["csrf_token"], cookie)
        else {
            return page(["error": "The form expired. Open the link from your invitation again."], status: .forbidden,
                        request: request)
        }
        let now = dependencies.now()
        let found = try await dependencies.database.read { db in
            try await InvitationRepository().get(token: token, now: now, on: db)
        }
        guard let found else { return page(["error": Self.invalidLink], status: .notFound, request: request) }
        let password = form.raw("password")
        do {
            try PasswordHasher.validate(password)
        } catch let error as SwitchboardError {
            return self.form(token: token, user: found.user, error: "Password: \(error.message).", status: .badRequest,
                             request: request)
        }
        guard password == form.raw("password_confirm") else {
            return self.form(token: token, user: found.user, error: "The two passwords are not the same.",
                             status: .badRequest, request: request)
        }
        let hash = try await dependencies.hasher.hash(password)
        do {
            _ = try await dependencies.database.write { db in
                try await InvitationRepository().accept(token: token, passwordHash: hash, now: now, on: db)
            }
        } catch let error as SwitchboardError where error.code == .notFound {
            return page(["error": Self.invalidLink], status: .notFound, request: request)
        }
        context.logger.notice("invitation accepted", metadata: [LogKey.userID: .stringConvertible(found.user.id)])
        var response = page(["done": true], status: .ok, request: request)
        response.setCookie(Cookie(
            name: Self.csrfCookie, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0,
            path: "/set-password", secure: SessionCookie.isSecure(request, settings: dependencies.settings),
            httpOnly: true, sameSite: .strict))
        return response
    }

    private func form(token: String, user: User, error: String?, status: HTTPResponse.Status, request: Request)
        -> Response
    {
        let csrf = WebLoginController.randomToken()
        var model = WebModel.compact(["error": error])
        model["form"] = [
            "token": token, "csrf": csrf, "name": user.name, "email": user.email,
            "minimum": PasswordHasher.minimumLength,
        ] as [String: Any]
        var response = page(model, status: status, request: request)
        response.setCookie(Cookie(
            name: Self.csrfCookie, value: csrf, maxAge: 3600, path: "/set-password",
            secure: SessionCookie.isSecure(request, settings: dependencies.settings), httpOnly: true,
            sameSite: .strict))
        return response
    }

    private func page(_ model: [String: Any], status: HTTPResponse.Status, request: Request) -> Response {
        var model = model
        model["assets"] = assets.paths
        let response = WebRenderer.htmlResponse(template.render(model), status: status)
        var fields = response.headers
        fields[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return Response(status: response.status, headers: fields, body: response.body)
    }
}
