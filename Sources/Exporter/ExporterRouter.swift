import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The exporter's HTTP surface on Hummingbird's router: `/probe`, `/metrics`, `/-/healthy`, `/-/reload`
/// and a landing page. Handlers only translate; `Exporter` decides.
public enum ExporterRouter {
    static let scrapeTimeoutHeader = HTTPField.Name("X-Prometheus-Scrape-Timeout-Seconds")!

    public static func router(for exporter: Exporter) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(LogRequestsMiddleware(.debug))
        router.get("/probe") { request, _ -> Response in
            var parameters: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
            let answer = await exporter.probe(parameters: parameters, scrapeTimeout: request.headers[scrapeTimeoutHeader])
            return response(answer)
        }
        router.get("/metrics") { _, _ -> Response in
            response(ExporterAnswer(status: 200, contentType: ExporterAnswer.exposition, body: exporter.metrics.exposition()))
        }
        router.get("/-/healthy") { _, _ -> Response in
            response(ExporterAnswer(status: 200, contentType: ExporterAnswer.text, body: "Healthy\n"))
        }
        router.post("/-/reload") { _, _ -> Response in
            switch exporter.reload() {
            case .success:
                return response(ExporterAnswer(status: 200, contentType: ExporterAnswer.text, body: "configuration reloaded\n"))
            case .failure(let error):
                return response(ExporterAnswer(status: 500, contentType: ExporterAnswer.text,
                                               body: "reload failed, keeping the previous configuration: \(error.description)\n"))
            }
        }
        router.get("/") { _, _ -> Response in
            let modules = exporter.configuration.modules.keys.sorted()
            let body = """
                trunkprobe exporter
                  /probe?target=TARGET&module=MODULE[&fallback=URI][&debug=true]
                  /metrics  /-/healthy  POST /-/reload
                modules: \(modules.joined(separator: ", "))

                """
            return response(ExporterAnswer(status: 200, contentType: ExporterAnswer.text, body: body))
        }
        return router
    }

    static func response(_ answer: ExporterAnswer) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = answer.contentType
        return Response(status: HTTPResponse.Status(code: answer.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
    }
}
