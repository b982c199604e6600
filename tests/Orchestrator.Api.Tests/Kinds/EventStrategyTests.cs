using Orchestrator.Api.Kinds;
using Orchestrator.Model.Validation;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class EventStrategyTests
{
    private const string ValidEvent = """
        {"apiVersion":"v1","kind":"Event","metadata":{"name":"web.17a","namespace":"default"},
         "involvedObject":{"apiVersion":"v1","kind":"Pod","name":"web","namespace":"default","uid":"1234","resourceVersion":"42","fieldPath":"spec.containers{web}"},
         "reason":"Scheduled","message":"Successfully assigned default/web to node-1","type":"Normal",
         "source":{"component":"default-scheduler"},"count":1,
         "firstTimestamp":"2024-01-01T00:00:00Z","lastTimestamp":"2024-01-01T00:00:00Z"}
        """;

    private const string NewStyleEvent = """
        {"metadata":{"name":"web.17b","namespace":"default"},
         "involvedObject":{"kind":"Pod","name":"web","namespace":"default"},
         "eventTime":"2024-01-01T00:00:00.000000Z","reportingComponent":"orchestrator.io/kubelet","reportingInstance":"node-1",
         "action":"Pulling","reason":"Pulling","type":"Normal"}
        """;

    private readonly EventStrategy _strategy = new();

    [Theory]
    [InlineData(ValidEvent)]
    [InlineData(NewStyleEvent)]
    [InlineData("""{"metadata":{"name":"n.1","namespace":"default"},"involvedObject":{"kind":"Node","name":"node-1"},"reason":"NodeReady"}""")]
    [InlineData("""{"metadata":{"name":"n.1","namespace":"kube-system"},"involvedObject":{"kind":"Node","name":"node-1"},"eventTime":"2024-01-01T00:00:00Z","reportingComponent":"kubelet","reportingInstance":"node-1","action":"Ready","reason":"NodeReady"}""")]
    public void Valid_events_pass(string json)
    {
        var ev = Json(json);
        _strategy.Default(ev);
        _strategy.PrepareForCreate(ev);

        Valid(_strategy.ValidateCreate(ev));
        Valid(_strategy.ValidateUpdate(ev, Json(json)));
    }

    public static TheoryData<string, string, string, FieldErrorType> InvalidEvents => new()
    {
        { ValidEvent, """{"involvedObject":null}""", "involvedObject", FieldErrorType.Required },
        { ValidEvent, """{"involvedObject":"web"}""", "involvedObject", FieldErrorType.TypeInvalid },
        { ValidEvent, """{"involvedObject":{"namespace":"other"}}""", "involvedObject.namespace", FieldErrorType.Invalid },
        { ValidEvent, """{"metadata":{"namespace":"team-a"},"involvedObject":{"namespace":null}}""", "involvedObject.namespace", FieldErrorType.Invalid },
        { NewStyleEvent, """{"reportingComponent":null}""", "reportingComponent", FieldErrorType.Required },
        { NewStyleEvent, """{"reportingComponent":"not valid!"}""", "reportingComponent", FieldErrorType.Invalid },
        { NewStyleEvent, """{"reportingInstance":null}""", "reportingInstance", FieldErrorType.Required },
        { NewStyleEvent, """{"action":null}""", "action", FieldErrorType.Required },
        { NewStyleEvent, """{"reason":null}""", "reason", FieldErrorType.Required },
        { NewStyleEvent, """{"metadata":{"namespace":"team-a"},"involvedObject":{"namespace":null}}""", "involvedObject.namespace", FieldErrorType.Invalid },
        { ValidEvent, """{"count":"one"}""", "count", FieldErrorType.TypeInvalid },
    };

    [Theory]
    [MemberData(nameof(InvalidEvents))]
    public void Invalid_events_are_refused(string valid, string patch, string field, FieldErrorType type)
    {
        HasError(_strategy.ValidateCreate(Patch(Json(valid), patch)), field, type);
    }

    [Theory]
    [InlineData("reason", 129)]
    [InlineData("action", 129)]
    [InlineData("reportingInstance", 129)]
    [InlineData("message", 1025)]
    public void New_style_events_bound_their_texts(string field, int length)
    {
        var ev = Json(NewStyleEvent);
        ev[field] = new string('a', length);

        var error = HasError(_strategy.ValidateCreate(ev), field, FieldErrorType.Invalid);

        Assert.StartsWith("can have at most ", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("involvedObject.kind", "Pod")]
    [InlineData("involvedObject.namespace", "default")]
    [InlineData("involvedObject.name", "web")]
    [InlineData("involvedObject.uid", "1234")]
    [InlineData("involvedObject.apiVersion", "v1")]
    [InlineData("involvedObject.resourceVersion", "42")]
    [InlineData("involvedObject.fieldPath", "spec.containers{web}")]
    [InlineData("reason", "Scheduled")]
    [InlineData("reportingComponent", "")]
    [InlineData("source", "default-scheduler")]
    [InlineData("type", "Normal")]
    public void Field_selectors_read_event_fields(string field, string value)
    {
        Assert.Equal(value, _strategy.GetSelectableField(Json(ValidEvent), field));
    }

    [Fact]
    public void Source_falls_back_to_the_reporting_component()
    {
        Assert.Equal("orchestrator.io/kubelet", _strategy.GetSelectableField(Json(NewStyleEvent), "source"));
    }
}
