using Microsoft.Extensions.Options;

namespace PrivateDomain.Realtime.Edge.CrossOrigin;

public static class CrossOriginExtensions
{
    /// <summary>
    /// Lets the configured origins call the API and the hubs from a browser. Credentials are allowed because the
    /// browser SignalR client sends its negotiate request with them by default; the Edge reads no cookie, the bearer
    /// token is what authenticates.
    /// </summary>
    public static WebApplicationBuilder AddEdgeCrossOrigin(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CrossOriginOptions>()
            .BindConfiguration(CrossOriginOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddCors();
        builder.Services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<CrossOriginOptions>>((cors, allowed) => cors.AddDefaultPolicy(policy => policy
                .WithOrigins(allowed.Value.AllowedOrigins)
                .AllowAnyHeader()
                .AllowAnyMethod()
                .AllowCredentials()
                .WithExposedHeaders("Location", "Retry-After")));
        return builder;
    }
}
