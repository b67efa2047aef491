# syntax=docker/dockerfile:1
#
# Bar Raiser: build with `docker build -t bar-raiser .`, run with e.g.
#   docker run --init -d --env-file .env -v bar-raiser-data:/data bar-raiser
# The database lives in the /data volume; migrations run at start-up (openStorage).

# ---- build: install production dependencies, compiling better-sqlite3's native module ----------
FROM node:20-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# tsx (the runtime TypeScript loader) is a production dependency; the test tool chain is not needed.
RUN npm ci --omit=dev --no-audit --no-fund \
 && node -e "new (require('better-sqlite3'))(':memory:').close()"

# ---- runtime: sources + node_modules, no compiler, non-root -----------------------------------
FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    DATABASE_PATH=/data/bar-raiser.db
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY adapters ./adapters
COPY migrations ./migrations
COPY questions ./questions
# The official image's unprivileged "node" user (uid 1000) owns only the data folder.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
CMD ["npm", "start"]
