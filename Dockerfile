# ---- build ---------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the solution-level files and project files only, so the
# restore layer is reused until a dependency changes.
COPY ExtractApi.sln Directory.Build.props Directory.Packages.props .editorconfig dotnet-tools.json ./
COPY src/ExtractApi/ExtractApi.csproj src/ExtractApi/
COPY src/ExtractApi.Jobs/ExtractApi.Jobs.csproj src/ExtractApi.Jobs/
COPY src/ExtractApi.Scraping/ExtractApi.Scraping.csproj src/ExtractApi.Scraping/
COPY src/ExtractApi.Rendering/ExtractApi.Rendering.csproj src/ExtractApi.Rendering/
COPY src/ExtractApi.Extraction/ExtractApi.Extraction.csproj src/ExtractApi.Extraction/
RUN dotnet restore src/ExtractApi/ExtractApi.csproj

COPY src/ src/
RUN dotnet publish src/ExtractApi/ExtractApi.csproj -c Release -o /app --no-restore /p:UseAppHost=false

# ---- runtime -------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app

ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080

# Debian's headless Chromium renders pages that need a browser (Rendering:ExecutablePath=/usr/bin/chromium); the
# fonts give screenshots readable text. Nothing downloads a browser at run time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-liberation fonts-noto-color-emoji \
    && rm -rf /var/lib/apt/lists/*

COPY --from=build /app ./

# The aspnet image ships a non-root user "app"; its UID is in $APP_UID (1654).
USER $APP_UID

# No HEALTHCHECK here: the aspnet image has no curl/wget. docker-compose.yml
# probes /health/live with bash's /dev/tcp instead.
ENTRYPOINT ["dotnet", "ExtractApi.dll"]
