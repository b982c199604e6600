using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Controllers.ServiceAccounts;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Controllers.Tests.ServiceAccounts;

/// <summary>
/// The service account and legacy token controllers against a real gateway over HTTP: a default ServiceAccount
/// in every namespace, put back when deleted; a user's service-account-token Secret filled with a token the API
/// accepts as a bearer token (until the Secret goes), the CA and the namespace; a Secret of no account deleted.
/// </summary>
public sealed class ServiceAccountControllersTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private const string CaPem = "-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly RSA _key = RSA.Create(2048);
    private TestGateway _gateway = null!;
    private ControllerHarness? _harness;
    private readonly List<IActorRef> _controllers = [];

    public ServiceAccountControllersTests(ITestOutputHelper output)
        : base(GatewaySystem.Config(), "serviceaccount-controllers", output)
    {
    }

    private KubeClient Client => _gateway.Client;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(Sys, serviceAccountKey: _key);

    public async Task DisposeAsync()
    {
        foreach (var controller in _controllers)
        {
            Watch(controller);
            Sys.Stop(controller);
            await ExpectTerminatedAsync(controller, Timeout);
        }

        if (_harness is not null)
        {
            await _harness.StopAsync();
        }

        await _gateway.DisposeAsync();
        _key.Dispose();
    }

    [Fact]
    public async Task Every_namespace_gets_a_default_service_account_which_comes_back_when_deleted()
    {
        await Client.CreateAsync(ResourceRef.Namespaces, Json("""{"metadata":{"name":"team-a"}}"""));
        StartControllers();

        var first = await WaitForAsync(() => Client.GetAsync(ResourceRef.ServiceAccounts, "team-a", "default"));
        await WaitForAsync(() => Client.GetAsync(ResourceRef.ServiceAccounts, "default", "default"));
        await Client.CreateAsync(ResourceRef.Namespaces, Json("""{"metadata":{"name":"team-b"}}"""));
        await WaitForAsync(() => Client.GetAsync(ResourceRef.ServiceAccounts, "team-b", "default"));

        await Client.DeleteAsync(ResourceRef.ServiceAccounts, "team-a", "default");
        var again = await WaitForAsync(async () =>
        {
            var account = await Client.GetAsync(ResourceRef.ServiceAccounts, "team-a", "default");
            return KubeObject.Uid(account) != KubeObject.Uid(first) ? account : throw new KubeApiException("still the old one");
        });
        Assert.Equal("default", KubeObject.Name(again));
    }

    [Fact]
    public async Task A_token_secret_is_filled_with_a_token_the_API_accepts_until_the_secret_goes()
    {
        var account = await Client.CreateAsync(ResourceRef.ServiceAccounts, Json("""{"metadata":{"name":"builder","namespace":"default"}}"""));
        await Client.CreateAsync(ResourceRef.Secrets, Json("""
            {"metadata":{"name":"builder-token","namespace":"default","annotations":{"kubernetes.io/service-account.name":"builder"}},
             "type":"kubernetes.io/service-account-token"}
            """));
        StartControllers();

        var secret = await WaitForAsync(async () =>
        {
            var s = await Client.GetAsync(ResourceRef.Secrets, "default", "builder-token");
            return KubeObject.Get(s, "data", "token") is not null ? s : throw new KubeApiException("not filled yet");
        });
        Assert.Equal(KubeObject.Uid(account), KubeObject.Annotations(secret)["kubernetes.io/service-account.uid"]);
        Assert.Equal(CaPem, Decode(secret, "ca.crt"));
        Assert.Equal("default", Decode(secret, "namespace"));

        // A legacy token: Kubernetes' claims, no expiry, signed with the service-account key.
        var token = Decode(secret, "token");
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1])))!;
        Assert.Equal("kubernetes/serviceaccount", payload["iss"]!.GetValue<string>());
        Assert.Equal("system:serviceaccount:default:builder", payload["sub"]!.GetValue<string>());
        Assert.Equal("builder-token", payload["kubernetes.io/serviceaccount/secret.name"]!.GetValue<string>());
        Assert.Equal(KubeObject.Uid(account), payload["kubernetes.io/serviceaccount/service-account.uid"]!.GetValue<string>());
        Assert.Null(payload["exp"]);

        // The API takes it as the service account.
        using var asBuilder = new KubeClient(new KubeClientSettings { Server = _gateway.Server.Address, Token = token });
        var review = await asBuilder.CreateAsync(new ResourceRef("authentication.k8s.io", "v1", "selfsubjectreviews", false), Json("""{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}"""));
        Assert.Equal("system:serviceaccount:default:builder", KubeObject.GetString(review, "status", "userInfo", "username"));
        Assert.Equal(KubeObject.Uid(account), KubeObject.GetString(review, "status", "userInfo", "uid"));

        // A token that is not the Secret's is refused, though signed alike.
        var forged = new LegacyTokenSigner(_key).Sign("default", "builder", KubeObject.Uid(account)!, "other-secret");
        using var asForger = new KubeClient(new KubeClientSettings { Server = _gateway.Server.Address, Token = forged });
        var refused = await Assert.ThrowsAsync<KubeApiException>(() => asForger.ListAsync(ResourceRef.Pods, "default"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);

        // Once the Secret is gone, so is the token's validity (the authenticator remembers tokens for up to 10 s).
        await Client.DeleteAsync(ResourceRef.Secrets, "default", "builder-token");
        await AwaitConditionAsync(async () =>
        {
            try
            {
                await asBuilder.ListAsync(ResourceRef.Pods, "default");
                return false;
            }
            catch (KubeApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Unauthorized)
            {
                return true;
            }
        }, Timeout, TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_token_secret_of_no_service_account_is_deleted()
    {
        await Client.CreateAsync(ResourceRef.Secrets, Json("""
            {"metadata":{"name":"orphan-token","namespace":"default","annotations":{"kubernetes.io/service-account.name":"nobody"}},
             "type":"kubernetes.io/service-account-token"}
            """));
        await Client.CreateAsync(ResourceRef.Secrets, Json("""{"metadata":{"name":"plain","namespace":"default"},"stringData":{"k":"v"}}"""));
        StartControllers();

        await AwaitConditionAsync(async () => !(await Client.ListAsync(ResourceRef.Secrets, "default")).Items.Any(s => KubeObject.Name(s) == "orphan-token"), Timeout, TimeSpan.FromMilliseconds(50));
        Assert.Contains((await Client.ListAsync(ResourceRef.Secrets, "default")).Items, s => KubeObject.Name(s) == "plain");
    }

    private void StartControllers()
    {
        _harness = ControllerHarness.Create(Sys, Client);
        _controllers.Add(Sys.ActorOf(ServiceAccountsController.Props(_harness.Context, new ServiceAccountsControllerSettings()), ServiceAccountsController.ControllerName));
        _controllers.Add(Sys.ActorOf(TokensController.Props(_harness.Context, new TokensControllerSettings(), new LegacyTokenSigner(_key), CaPem), TokensController.ControllerName));
    }

    private async Task<JsonObject> WaitForAsync(Func<Task<JsonObject>> get)
    {
        JsonObject? result = null;
        await AwaitConditionAsync(async () =>
        {
            try
            {
                result = await get();
                return true;
            }
            catch (KubeApiException)
            {
                return false;
            }
        }, Timeout, TimeSpan.FromMilliseconds(50));
        return result!;
    }

    private static string Decode(JsonObject secret, string key) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(KubeObject.GetString(secret, "data", key)!));

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();
}
