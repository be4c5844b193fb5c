# syntax=docker/dockerfile:1
# Build: compile both apps with the dev toolchain.
# Node 24 LTS; the version floor is in package.json's engines (see README, Node.js version).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json ormconfig.ts ./
COPY apps ./apps
COPY libs ./libs
COPY clients/typescript/src ./clients/typescript/src
# The embedded PostgreSQL is for development: its compiled lib leaves with its devDependency.
RUN npx nest build api && npx nest build cli && rm -rf dist/apps/*/libs/embedded-postgres
# The web app (dist/web), served by the API at /.
RUN NODE_ENV=production node node_modules/vite/bin/vite.js build --config apps/web/vite.config.mts

# Runtime: production dependencies and compiled code only; runs as the unprivileged node user.
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Migrations (MIGRATIONS_RUN) and room seeding (SEED_ROOMS) happen at start.
CMD ["node", "dist/apps/api/apps/api/src/main.js"]
