using Microsoft.Extensions.Hosting;
using PrivateDomain.Realtime.Silo.Extensions;

RuntimeTuning.PreferInlineSocketCompletions();
var builder = Host.CreateApplicationBuilder(args);
builder.AddRealtimeSilo();
await builder.Build().RunAsync();
