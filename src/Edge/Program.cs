using PrivateDomain.Realtime.Edge.Extensions;
using PrivateDomain.Realtime.Silo.Extensions;

RuntimeTuning.PreferInlineSocketCompletions();
var builder = WebApplication.CreateBuilder(args);
builder.AddEdgeServices();

var app = builder.Build();
app.UseEdgePipeline();
app.MapEdgeEndpoints();
app.Run();

/// <summary>The Edge's entry point, public so tests can host it with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
