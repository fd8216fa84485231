using Microsoft.Extensions.Hosting;
using PrivateDomain.Realtime.Silo.Extensions;

var builder = Host.CreateApplicationBuilder(args);
builder.AddRealtimeSilo();
await builder.Build().RunAsync();
