using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Api.Authentication;
using Orchestrator.Api.Kinds;
using Orchestrator.Api.Resources;
using Xunit;

namespace Orchestrator.Api.Tests.Gateway;

/// <summary>
/// Service-account tokens over real HTTP: issued by POST serviceaccounts/{name}/token, then presented as
/// bearer tokens, accepted while valid and refused (401) once expired, forged, for another audience, or
/// when the service account or the bound object is gone.
/// </summary>
public sealed class GatewayServiceAccountTokenTests : IAsyncLifetime
{
    private const string Issuer = "https://kubernetes.default.svc.cluster.local";
    private static readonly TimeSpan MaxExpiration = TimeSpan.FromHours(2);

    private readonly RSA _key = RSA.Create(2048);
    private GatewayFixture _fixture = null!;
    private HttpClient _anonymous = null!;

    public async Task InitializeAsync()
    {
        var settings = new ApiSettings { ServiceAccountTokens = new ServiceAccountTokenSettings { MaxExpiration = MaxExpiration } };
        _fixture = await GatewayFixture.StartAsync(BuiltInResources.Register(new ResourceRegistry()), settings, _key);
        _anonymous = new HttpClient { BaseAddress = _fixture.Server.Address };
        await CreateAsync("/api/v1/namespaces/default/serviceaccounts", """{"metadata":{"name":"robot"}}""");
    }

    public async Task DisposeAsync()
    {
        _anonymous.Dispose();
        await _fixture.DisposeAsync();
        _key.Dispose();
    }

    [Fact]
    public async Task A_token_is_issued_with_Kubernetes_claims_and_lists_and_creates_as_its_service_account()
    {
        var before = DateTimeOffset.UtcNow;
        var (status, answer) = await RequestTokenAsync("robot", """{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{}}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("TokenRequest", (string?)answer["kind"]);
        Assert.Equal("authentication.k8s.io/v1", (string?)answer["apiVersion"]);
        Assert.Equal("robot", (string?)answer["metadata"]!["name"]);
        Assert.Equal("default", (string?)answer["metadata"]!["namespace"]);
        Assert.Equal([Issuer], answer["spec"]!["audiences"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(3600, (long)answer["spec"]!["expirationSeconds"]!);
        var expiration = DateTimeOffset.Parse((string)answer["status"]!["expirationTimestamp"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiration, before.AddSeconds(3599), DateTimeOffset.UtcNow.AddSeconds(3601));

        var token = (string)answer["status"]!["token"]!;
        var (header, payload) = Decode(token);
        Assert.Equal("RS256", (string?)header["alg"]);
        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(_key.ExportSubjectPublicKeyInfo())), (string?)header["kid"]);
        Assert.Equal(Issuer, (string?)payload["iss"]);
        Assert.Equal("system:serviceaccount:default:robot", (string?)payload["sub"]);
        Assert.Equal([Issuer], payload["aud"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(3600, (long)payload["exp"]! - (long)payload["iat"]!);
        Assert.Equal((long)payload["iat"]!, (long)payload["nbf"]!);
        Assert.Equal(expiration.ToUnixTimeSeconds(), (long)payload["exp"]!);
        Assert.True(Guid.TryParse((string?)payload["jti"], out _));
        var kubernetes = payload["kubernetes.io"]!;
        Assert.Equal("default", (string?)kubernetes["namespace"]);
        Assert.Equal("robot", (string?)kubernetes["serviceaccount"]!["name"]);
        Assert.Equal(await UidAsync("/api/v1/namespaces/default/serviceaccounts/robot"), (string?)kubernetes["serviceaccount"]!["uid"]);
        Assert.Null(kubernetes["pod"]);

        var (listed, list) = await SendAsAsync(token, HttpMethod.Get, "/api/v1/namespaces/default/configmaps");
        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.Equal("ConfigMapList", (string?)list["kind"]);
        // No authorization yet: a service account may write as the admin may.
        var (created, _) = await SendAsAsync(token, HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"by-robot"}}""");
        Assert.Equal(HttpStatusCode.Created, created);

        var (reviewed, review) = await SendAsAsync(token, HttpMethod.Post, "/apis/authentication.k8s.io/v1/selfsubjectreviews", """{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}""");
        Assert.Equal(HttpStatusCode.Created, reviewed);
        var user = review["status"]!["userInfo"]!;
        Assert.Equal("system:serviceaccount:default:robot", (string?)user["username"]);
        Assert.Equal((string?)kubernetes["serviceaccount"]!["uid"], (string?)user["uid"]);
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"], user["groups"]!.AsArray().Select(g => (string?)g));
        Assert.Equal("JTI=" + (string?)payload["jti"], (string?)user["extra"]!["authentication.kubernetes.io/credential-id"]![0]);
    }

    [Fact]
    public async Task The_admin_token_is_still_the_admin()
    {
        var (status, review) = await _fixture.SendAsync(HttpMethod.Post, "/apis/authentication.k8s.io/v1/selfsubjectreviews", """{"kind":"SelfSubjectReview"}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("kubernetes-admin", (string?)review["status"]!["userInfo"]!["username"]);
        Assert.Equal(["system:masters", "system:authenticated"], review["status"]!["userInfo"]!["groups"]!.AsArray().Select(g => (string?)g));
        var (beta, betaReview) = await _fixture.SendAsync(HttpMethod.Post, "/apis/authentication.k8s.io/v1beta1/selfsubjectreviews", """{"kind":"SelfSubjectReview"}""");
        Assert.Equal(HttpStatusCode.Created, beta);
        Assert.Equal("authentication.k8s.io/v1beta1", (string?)betaReview["apiVersion"]);
    }

    [Fact]
    public async Task Audiences_and_lifetime_are_as_requested_and_a_token_for_another_audience_is_refused()
    {
        var (_, forVault) = await RequestTokenAsync("robot", """{"spec":{"audiences":["vault"],"expirationSeconds":1200}}""");
        Assert.Equal(["vault"], forVault["spec"]!["audiences"]!.AsArray().Select(a => (string?)a));
        var vault = (string)forVault["status"]!["token"]!;
        var (_, payload) = Decode(vault);
        Assert.Equal(["vault"], payload["aud"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(1200, (long)payload["exp"]! - (long)payload["iat"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsAsync(vault, HttpMethod.Get, "/api/v1/namespaces/default/configmaps")).Status);

        var (_, both) = await RequestTokenAsync("robot", $$$"""{"spec":{"audiences":["vault","{{{Issuer}}}"]}}""");
        Assert.Equal(HttpStatusCode.OK, (await SendAsAsync((string)both["status"]!["token"]!, HttpMethod.Get, "/api/v1/namespaces/default/configmaps")).Status);
    }

    [Fact]
    public async Task A_lifetime_beyond_the_maximum_is_shortened_with_a_warning()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces/default/serviceaccounts/robot/token")
        {
            Content = new StringContent("""{"spec":{"expirationSeconds":10800}}""", Encoding.UTF8, "application/json"),
        };
        using var response = await _fixture.Client.SendAsync(request);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(7200, (long)answer["spec"]!["expirationSeconds"]!);
        Assert.Equal("299 - \"requested expiration of 10800 seconds shortened to 7200 seconds\"", Assert.Single(response.Headers.GetValues("Warning")));
        var (_, payload) = Decode((string)answer["status"]!["token"]!);
        Assert.Equal(7200, (long)payload["exp"]! - (long)payload["iat"]!);
    }

    [Fact]
    public async Task Expired_not_yet_valid_forged_tampered_and_foreign_tokens_are_401()
    {
        var uid = await UidAsync("/api/v1/namespaces/default/serviceaccounts/robot");
        var sameKey = new ServiceAccountTokens(_fixture.Gateway, _key).Issuer;
        var robot = new TokenObjectRef("robot", uid);
        var now = DateTimeOffset.UtcNow;
        var valid = sameKey.Sign(sameKey.Claims("default", robot, [Issuer], now, TimeSpan.FromHours(1)));
        Assert.Equal(HttpStatusCode.OK, await StatusAsAsync(valid));

        // Expired past the minute of leeway, and not valid for another hour.
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsAsync(sameKey.Sign(sameKey.Claims("default", robot, [Issuer], now.AddHours(-2), TimeSpan.FromHours(1)))));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsAsync(sameKey.Sign(sameKey.Claims("default", robot, [Issuer], now.AddHours(1), TimeSpan.FromHours(1)))));

        // Signed by another key, with the same claims.
        using var other = RSA.Create(2048);
        var otherKey = new ServiceAccountTokens(_fixture.Gateway, other).Issuer;
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsAsync(otherKey.Sign(otherKey.Claims("default", robot, [Issuer], now, TimeSpan.FromHours(1)))));

        // Our signature over a payload someone changed: another service account.
        var parts = valid.Split('.');
        var (_, payload) = Decode(valid);
        payload["kubernetes.io"]!["serviceaccount"]!["name"] = "default";
        var tampered = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsAsync(tampered));

        // No signature at all.
        var none = $"{Base64Url.EncodeToString("""{"alg":"none"}"""u8)}.{parts[1]}.";
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsAsync(none));

        // Another issuer, with our key.
        var foreign = sameKey.Claims("default", robot, [Issuer], now, TimeSpan.FromHours(1)) with { Issuer = "https://elsewhere.example" };
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsAsync(sameKey.Sign(foreign)));

        // Not a JWT, and no bearer at all.
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsAsync("not-a-token"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsAsync("a.b.c"));
        using var bare = await _anonymous.GetAsync("/api/v1/namespaces/default/configmaps");
        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
    }

    [Fact]
    public async Task A_token_of_a_deleted_service_account_is_401_even_when_one_of_that_name_is_back()
    {
        await CreateAsync("/api/v1/namespaces/default/serviceaccounts", """{"metadata":{"name":"short-lived"}}""");
        var token = await TokenAsync("short-lived", "{}");
        Assert.Equal(HttpStatusCode.OK, await StatusAsAsync(token));

        Assert.Equal(HttpStatusCode.OK, (await _fixture.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/serviceaccounts/short-lived")).Status);
        await AssertRefusedSoonAsync(token);

        await CreateAsync("/api/v1/namespaces/default/serviceaccounts", """{"metadata":{"name":"short-lived"}}""");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsAsync(token));
        Assert.Equal(HttpStatusCode.OK, await StatusAsAsync(await TokenAsync("short-lived", "{}")));
    }

    [Fact]
    public async Task A_pod_bound_token_names_the_pod_and_dies_with_it()
    {
        await CreateAsync("/api/v1/namespaces/default/pods", """{"metadata":{"name":"worker"},"spec":{"serviceAccountName":"robot","containers":[{"name":"c","image":"busybox"}]}}""");
        var podUid = await UidAsync("/api/v1/namespaces/default/pods/worker");
        var (status, answer) = await RequestTokenAsync("robot", """{"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"worker"}}}""");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("worker", (string?)answer["spec"]!["boundObjectRef"]!["name"]);
        var token = (string)answer["status"]!["token"]!;
        var (_, payload) = Decode(token);
        Assert.Equal("worker", (string?)payload["kubernetes.io"]!["pod"]!["name"]);
        Assert.Equal(podUid, (string?)payload["kubernetes.io"]!["pod"]!["uid"]);

        var (_, review) = await SendAsAsync(token, HttpMethod.Post, "/apis/authentication.k8s.io/v1/selfsubjectreviews", """{"kind":"SelfSubjectReview"}""");
        var extra = review["status"]!["userInfo"]!["extra"]!;
        Assert.Equal("worker", (string?)extra["authentication.kubernetes.io/pod-name"]![0]);
        Assert.Equal(podUid, (string?)extra["authentication.kubernetes.io/pod-uid"]![0]);
        Assert.Equal(HttpStatusCode.OK, await StatusAsAsync(token));

        Assert.Equal(HttpStatusCode.OK, (await _fixture.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/pods/worker?gracePeriodSeconds=0")).Status);
        await AssertRefusedSoonAsync(token);
    }

    [Fact]
    public async Task A_secret_bound_token_names_the_secret_and_dies_with_it()
    {
        await CreateAsync("/api/v1/namespaces/default/secrets", """{"metadata":{"name":"holder"},"stringData":{"a":"b"}}""");
        var token = await TokenAsync("robot", """{"spec":{"boundObjectRef":{"kind":"Secret","apiVersion":"v1","name":"holder"}}}""");
        var (_, payload) = Decode(token);
        Assert.Equal("holder", (string?)payload["kubernetes.io"]!["secret"]!["name"]);
        Assert.Equal(await UidAsync("/api/v1/namespaces/default/secrets/holder"), (string?)payload["kubernetes.io"]!["secret"]!["uid"]);
        Assert.Equal(HttpStatusCode.OK, await StatusAsAsync(token));

        Assert.Equal(HttpStatusCode.OK, (await _fixture.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/secrets/holder")).Status);
        await AssertRefusedSoonAsync(token);
    }

    [Fact]
    public async Task Bound_objects_must_exist_in_the_namespace_run_as_the_account_and_match_the_uid()
    {
        await CreateAsync("/api/v1/namespaces", """{"metadata":{"name":"elsewhere"}}""");
        await CreateAsync("/api/v1/namespaces/elsewhere/secrets", """{"metadata":{"name":"theirs"}}""");
        await CreateAsync("/api/v1/namespaces/default/pods", """{"metadata":{"name":"other-account"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
        await CreateAsync("/api/v1/namespaces/default/secrets", """{"metadata":{"name":"mine"}}""");

        await AssertRefusedAsync("""{"kind":"Pod","apiVersion":"v1","name":"missing"}""", HttpStatusCode.NotFound, "NotFound", "pods \"missing\" not found");
        await AssertRefusedAsync("""{"kind":"Secret","apiVersion":"v1","name":"theirs"}""", HttpStatusCode.NotFound, "NotFound", "secrets \"theirs\" not found");
        await AssertRefusedAsync("""{"kind":"Deployment","apiVersion":"apps/v1","name":"web"}""", HttpStatusCode.BadRequest, "BadRequest", "cannot bind token to object of type apps/v1, Kind=Deployment");
        await AssertRefusedAsync("""{"kind":"ConfigMap","apiVersion":"v1","name":"web"}""", HttpStatusCode.BadRequest, "BadRequest", "cannot bind token to object of type /v1, Kind=ConfigMap");
        await AssertRefusedAsync("""{"kind":"Pod","apiVersion":"v1","name":"other-account"}""", HttpStatusCode.BadRequest, "BadRequest",
            "cannot bind token for serviceaccount \"robot\" to pod running with different serviceaccount name.");
        await AssertRefusedAsync("""{"kind":"Secret","apiVersion":"v1","name":"mine","uid":"00000000-0000-0000-0000-000000000000"}""", HttpStatusCode.Conflict, "Conflict",
            "Operation cannot be fulfilled on Secret \"mine\": the UID in the bound object reference (00000000-0000-0000-0000-000000000000) does not match the UID in record. The object might have been deleted and then recreated");

        var uid = await UidAsync("/api/v1/namespaces/default/secrets/mine");
        Assert.Equal(HttpStatusCode.Created, (await RequestTokenAsync("robot", $$$$"""{"spec":{"boundObjectRef":{"kind":"Secret","apiVersion":"v1","name":"mine","uid":"{{{{uid}}}}"}}}""")).Status);
    }

    [Fact]
    public async Task Requests_are_refused_as_Kubernetes_refuses_them()
    {
        await AssertErrorAsync("robot", """{"spec":{"expirationSeconds":599}}""", HttpStatusCode.UnprocessableEntity, "Invalid",
            "TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes");
        await AssertErrorAsync("robot", """{"spec":{"expirationSeconds":4294967297}}""", HttpStatusCode.UnprocessableEntity, "Invalid",
            "TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds");
        await AssertErrorAsync("robot", """{"metadata":{"name":"someone"},"spec":{}}""", HttpStatusCode.UnprocessableEntity, "Invalid",
            "TokenRequest.authentication.k8s.io \"robot\" is invalid: metadata.name: Invalid value: \"someone\": must match the service account name if specified");
        await AssertErrorAsync("robot", """{"metadata":{"namespace":"kube-system"},"spec":{}}""", HttpStatusCode.UnprocessableEntity, "Invalid",
            "TokenRequest.authentication.k8s.io \"robot\" is invalid: metadata.namespace: Invalid value: \"kube-system\": must match the service account namespace if specified");
        await AssertErrorAsync("nobody", "{}", HttpStatusCode.NotFound, "NotFound", "serviceaccounts \"nobody\" not found");
        await AssertErrorAsync("robot", """{"spec":{"expirationSeconds":"an hour"}}""", HttpStatusCode.BadRequest, "BadRequest", null);
        await AssertErrorAsync("robot", """{"spec":{"audiences":"api"}}""", HttpStatusCode.BadRequest, "BadRequest", null);
        await AssertErrorAsync("robot", """{"apiVersion":"v1","kind":"Eviction"}""", HttpStatusCode.BadRequest, "BadRequest", null);
        await AssertErrorAsync("robot", "[]", HttpStatusCode.BadRequest, "BadRequest", null);

        // Served only on service accounts, and only as a create.
        await CreateAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"not-an-account"}}""");
        Assert.Equal(HttpStatusCode.NotFound, (await _fixture.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps/not-an-account/token", "{}")).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await _fixture.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/serviceaccounts/robot/token")).Status);
    }

    [Fact]
    public async Task Discovery_lists_serviceaccounts_token_as_Kubernetes_does()
    {
        var (_, resources) = await _fixture.SendAsync(HttpMethod.Get, "/api/v1");
        var token = resources["resources"]!.AsArray().Single(r => (string?)r!["name"] == "serviceaccounts/token")!;

        Assert.Equal("TokenRequest", (string?)token["kind"]);
        Assert.Equal("authentication.k8s.io", (string?)token["group"]);
        Assert.Equal("v1", (string?)token["version"]);
        Assert.True((bool)token["namespaced"]!);
        Assert.Equal(["create"], token["verbs"]!.AsArray().Select(v => (string?)v));
        Assert.DoesNotContain(resources["resources"]!.AsArray(), r => (string?)r!["name"] == "configmaps/token");

        var (_, group) = await _fixture.SendAsync(HttpMethod.Get, "/apis/authentication.k8s.io");
        Assert.Equal("authentication.k8s.io/v1", (string?)group["preferredVersion"]!["groupVersion"]);
    }

    /// <summary>
    /// The token is refused once the watch cache has seen the deletion: authentication reads the cache's
    /// lister, which may trail a write just acknowledged by a moment (as a Kubernetes informer does).
    /// </summary>
    private async Task AssertRefusedSoonAsync(string token)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        HttpStatusCode status;
        while ((status = await StatusAsAsync(token)) != HttpStatusCode.Unauthorized && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    private async Task AssertRefusedAsync(string boundObjectRef, HttpStatusCode code, string reason, string message) =>
        await AssertErrorAsync("robot", $"{{\"spec\":{{\"boundObjectRef\":{boundObjectRef}}}}}", code, reason, message);

    private async Task AssertErrorAsync(string serviceAccount, string body, HttpStatusCode code, string reason, string? message)
    {
        var (status, answer) = await RequestTokenAsync(serviceAccount, body);
        Assert.Equal(code, status);
        Assert.Equal("Status", (string?)answer["kind"]);
        Assert.Equal(reason, (string?)answer["reason"]);
        if (message is not null)
        {
            Assert.Equal(message, (string?)answer["message"]);
        }
    }

    private Task<(HttpStatusCode Status, JsonObject Body)> RequestTokenAsync(string serviceAccount, string body) =>
        _fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/serviceaccounts/{serviceAccount}/token", body);

    private async Task<string> TokenAsync(string serviceAccount, string body)
    {
        var (status, answer) = await RequestTokenAsync(serviceAccount, body);
        Assert.True(status == HttpStatusCode.Created, answer.ToJsonString());
        return (string)answer["status"]!["token"]!;
    }

    private async Task CreateAsync(string collection, string body)
    {
        var (status, answer) = await _fixture.SendAsync(HttpMethod.Post, collection, body);
        Assert.True(status == HttpStatusCode.Created, answer.ToJsonString());
    }

    private async Task<string> UidAsync(string path) => (string)(await _fixture.SendAsync(HttpMethod.Get, path)).Body["metadata"]!["uid"]!;

    private async Task<HttpStatusCode> StatusAsAsync(string token) =>
        (await SendAsAsync(token, HttpMethod.Get, "/api/v1/namespaces/default/configmaps")).Status;

    private async Task<(HttpStatusCode Status, JsonObject Body)> SendAsAsync(string token, HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _anonymous.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static (JsonObject Header, JsonObject Payload) Decode(string token)
    {
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        return (JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))!.AsObject(), JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject());
    }
}
