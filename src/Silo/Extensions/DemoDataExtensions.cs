using Microsoft.Extensions.Configuration;
using PrivateDomain.Realtime.Silo.Demo;

namespace PrivateDomain.Realtime.Silo.Extensions;

public static class DemoDataExtensions
{
    /// <summary>Seeds the demo brand at startup when <c>Demo:Enabled</c> is true.</summary>
    public static ISiloBuilder AddDemoData(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();
        if (options.Enabled)
        {
            silo.AddStartupTask<DemoDataSeeder>();
        }

        return silo;
    }
}
