#include <map>

#include "core/json.h"
#include "http/router.h"

namespace omnihub::http {
namespace {

std::string LowerMethod(Method method) {
  std::string name(NameOf(method));
  for (char& c : name) {
    c = static_cast<char>(c - 'A' + 'a');
  }
  return name;
}

void WriteSchemaOrAny(json::Writer& w, const std::string& schema) {
  if (schema.empty()) {
    w.BeginObject().Field("type", "object").EndObject();
  } else {
    w.Raw(schema);
  }
}

void WriteOperation(json::Writer& w, const Route& route) {
  const RouteSpec& spec = route.spec;
  w.Key(LowerMethod(route.method)).BeginObject();
  w.Field("summary", spec.summary);
  w.Field("operationId", std::string(NameOf(route.method)) + " " + route.pattern);
  if (!spec.tag.empty()) {
    w.Key("tags").BeginArray().String(spec.tag).EndArray();
  }
  w.Key("x-roles").BeginArray();
  for (Role role : spec.roles) {
    w.String(NameOf(role));
  }
  w.EndArray();
  if (!spec.scope.location_param.empty()) {
    w.Field("x-scope", "store_associate: own location (" + spec.scope.location_param + ")");
  }
  if (spec.auth == AuthKind::kPublic) {
    w.Key("security").BeginArray().EndArray();
  } else if (spec.auth == AuthKind::kWriteKey) {
    w.Key("security").BeginArray().BeginObject().Key("writeKey").BeginArray().EndArray();
    w.EndObject().EndArray();
  }
  // Path parameters.
  w.Key("parameters").BeginArray();
  for (size_t pos = route.pattern.find('{'); pos != std::string::npos;
       pos = route.pattern.find('{', pos + 1)) {
    const size_t end = route.pattern.find('}', pos);
    w.BeginObject()
        .Field("name", std::string_view(route.pattern).substr(pos + 1, end - pos - 1))
        .Field("in", "path")
        .Field("required", true)
        .Key("schema")
        .BeginObject()
        .Field("type", "string")
        .EndObject()
        .EndObject();
  }
  if (route.method == Method::kPost && spec.auth == AuthKind::kApiKey) {
    w.BeginObject().Field("$ref", "#/components/parameters/IdempotencyKey").EndObject();
  }
  w.EndArray();
  if (!spec.request_schema.empty()) {
    w.Key("requestBody")
        .BeginObject()
        .Field("required", !spec.body_optional)
        .Key("content")
        .BeginObject();
    w.Key("application/json").BeginObject().Key("schema");
    WriteSchemaOrAny(w, spec.request_schema);
    w.EndObject().EndObject().EndObject();
  }
  w.Key("responses").BeginObject();
  w.Key(std::to_string(spec.success_status)).BeginObject().Field("description", "Success");
  if (spec.success_status != 204) {
    w.Key("content").BeginObject().Key("application/json").BeginObject().Key("schema");
    WriteSchemaOrAny(w, spec.response_schema);
    w.EndObject().EndObject();
  }
  w.EndObject();
  w.Key("default").BeginObject().Field("$ref", "#/components/responses/Error").EndObject();
  w.EndObject();
  w.EndObject();
}

}  // namespace

std::string OpenApiDocument(const Router& router, std::string_view version,
                            const std::vector<NamedSchema>& schemas) {
  // Group operations by path, keeping the route table's order of first appearance.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const Route*>> by_path;
  for (const Route& route : router.routes()) {
    auto& list = by_path[route.pattern];
    if (list.empty()) {
      order.push_back(route.pattern);
    }
    list.push_back(&route);
  }
  json::Writer w;
  w.BeginObject();
  w.Field("openapi", "3.1.0");
  w.Key("info")
      .BeginObject()
      .Field("title", "omnihub API")
      .Field("version", version)
      .Field("description",
             "The single source of truth every channel of a retailer reads and writes. Errors "
             "use one envelope; codes are listed in docs/errors.md.")
      .EndObject();
  w.Key("security")
      .BeginArray()
      .BeginObject()
      .Key("apiKey")
      .BeginArray()
      .EndArray()
      .EndObject()
      .EndArray();
  w.Key("paths").BeginObject();
  for (const std::string& path : order) {
    w.Key(path).BeginObject();
    for (const Route* route : by_path[path]) {
      WriteOperation(w, *route);
    }
    w.EndObject();
  }
  w.EndObject();
  w.Key("components").BeginObject();
  w.Key("schemas").BeginObject();
  for (const auto& [name, schema] : schemas) {
    w.Key(name).Raw(schema);
  }
  w.EndObject();
  w.Key("securitySchemes")
      .BeginObject()
      .Key("apiKey")
      .BeginObject()
      .Field("type", "http")
      .Field("scheme", "bearer")
      .Field("description", "An omnihub API key: Authorization: Bearer ohk_…")
      .EndObject()
      .Key("writeKey")
      .BeginObject()
      .Field("type", "http")
      .Field("scheme", "basic")
      .Field("description",
             "A channel's Segment write key as the Basic user with an empty password, or "
             "\"writeKey\" in the body (the Segment HTTP Tracking API)")
      .EndObject()
      .EndObject();
  w.Key("parameters")
      .BeginObject()
      .Key("IdempotencyKey")
      .BeginObject()
      .Field("name", "Idempotency-Key")
      .Field("in", "header")
      .Field("required", false)
      .Field("description",
             "Makes a creating POST safe to retry: a replay returns the stored response for 72 h.")
      .Key("schema")
      .BeginObject()
      .Field("type", "string")
      .Field("maxLength", 255)
      .EndObject()
      .EndObject()
      .EndObject();
  w.Key("responses")
      .BeginObject()
      .Key("Error")
      .BeginObject()
      .Field("description", "The error envelope")
      .Key("content")
      .BeginObject()
      .Key("application/json")
      .BeginObject()
      .Key("schema");
  w.Raw(R"({"type":"object","required":["error"],"properties":{"error":{"type":"object",)"
        R"("required":["code","message","details"],"properties":{"code":{"type":"string"},)"
        R"("message":{"type":"string"},"details":{"type":"object"},)"
        R"("request_id":{"type":"string"}}}}})");
  w.EndObject().EndObject().EndObject().EndObject();
  w.EndObject();
  w.EndObject();
  return w.Take();
}

}  // namespace omnihub::http
