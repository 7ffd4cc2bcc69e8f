# Image for the `app` profile of docker-compose.yml (web, worker, migrations).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 PRISMA_SCHEMA_ENGINE_BINARY=package.json
COPY . .
RUN npm ci --no-audit --no-fund && npm run db:generate && npx turbo run build --filter=@fieldtest/web
